import { Component, type ReactNode } from 'react';

interface Props {
  /** What this part shows, for the message: "the usage chart". */
  what: string;
  children: ReactNode;
}

/**
 * A part of the popover that fails to draw says so, with a way to try again, instead of blanking the window. The
 * error itself goes to the console for a developer; the user never sees a stack trace.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`Headroom could not show ${this.props.what}:`, error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="message message-problem" role="alert">
        <p>Headroom could not show {this.props.what}. The rest of the popover still works.</p>
        <button type="button" className="button" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </div>
    );
  }
}

import { pathToFileURL } from 'node:url';

/**
 * Runs `main` when the module is the one Node was started with (`tsx build/scripts/x.ts`), not when a test imports
 * it; its number is the exit code, and a failure is said in one line, without a stack.
 */
export function runAsScript(moduleUrl: string, main: () => Promise<unknown>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main().then(
    (code) => {
      if (typeof code === 'number') process.exit(code);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

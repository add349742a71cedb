export { demoUser, loadProfiles } from './options';
export type { ApiUser, LoadProfile, Simulator, SimulatorOptions } from './options';
export { startSimulator } from './server';
export { SimulatorOptionsError } from './errors';
export type { SimulatorStats } from './admin-api';

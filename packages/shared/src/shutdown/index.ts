export {
  createShutdown,
  type Shutdown,
  type ShutdownOptions,
  type ShutdownStep,
} from './create-shutdown.js';

import { Foundation1795614322419 } from './1795614322419-Foundation';

/** Every migration in order. Add a new one here after `npm run migration:generate`. */
export const MIGRATIONS: Function[] = [Foundation1795614322419];

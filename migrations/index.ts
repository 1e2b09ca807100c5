import { Foundation1795614322419 } from './1795614322419-Foundation';
import { Domain1795615061299 } from './1795615061299-Domain';

/** Every migration in order. Add a new one here after `npm run migration:generate`. */
export const MIGRATIONS: Function[] = [Foundation1795614322419, Domain1795615061299];

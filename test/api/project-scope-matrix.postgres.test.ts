import { DIALECTS } from '../helpers/databases.ts';
import { describeScopeMatrix } from './project-scope-matrix.ts';

// The scope matrix (its rows are in project-scope-matrix.ts) on PostgreSQL; the other dialect
// has a file of its own so that both run at once.
if (DIALECTS.includes('postgres')) describeScopeMatrix('postgres');

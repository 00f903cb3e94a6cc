import { packageProject } from '../../vitest.shared.ts';

export default packageProject('adapter-postgres', { databaseServers: true });

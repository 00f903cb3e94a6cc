import { packageProject } from '../../vitest.shared.ts';

export default packageProject('engine', { databaseServers: true });

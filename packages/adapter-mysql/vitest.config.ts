import { packageProject } from '../../vitest.shared.ts';

export default packageProject('adapter-mysql', { databaseServers: true });

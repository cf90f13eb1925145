import { apiCall, type LatchkeyProcess } from '../../test/helpers/latchkey-process.ts';

export interface BenchInstance {
  rootToken: string;
  projectId: number;
  projectPath: string;
  projectToken: string;
}

/** A root token from the CLI, a project, and a project access token (api) on it. */
export async function setupInstance(server: LatchkeyProcess, projectName = 'bench'): Promise<BenchInstance> {
  const rootToken = await server.cli(['token', 'create', '--user', 'root', '--name', 'bench', '--scopes', 'api']);
  const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: projectName });
  const token = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, {
    name: 'bench-bot',
    scopes: ['api'],
    access_level: 40,
  });
  return { rootToken, projectId: project.id, projectPath: project.path_with_namespace, projectToken: token.token };
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRegistryScope } from './registry-scope.ts';

describe('parseRegistryScope', () => {
  test('reads type, name and the actions of a repository scope', () => {
    assert.deepEqual(parseRegistryScope('repository:root/demo:pull,push'), { type: 'repository', name: 'root/demo', actions: ['pull', 'push'] });
    assert.deepEqual(parseRegistryScope('repository:root/demo/app/v2:pull'), { type: 'repository', name: 'root/demo/app/v2', actions: ['pull'] });
    assert.deepEqual(parseRegistryScope('registry:catalog:*'), { type: 'registry', name: 'catalog', actions: ['*'] });
    assert.deepEqual(parseRegistryScope('repository(plugin):root/demo:pull'), { type: 'repository(plugin)', name: 'root/demo', actions: ['pull'] });
    assert.deepEqual(parseRegistryScope('repository:my-group/my_project.x:'), { type: 'repository', name: 'my-group/my_project.x', actions: [] });
    assert.deepEqual(parseRegistryScope('repository:root/demo:pull,pull'), { type: 'repository', name: 'root/demo', actions: ['pull'] });
  });

  test('returns null for malformed scopes and names outside the repository name grammar', () => {
    for (const raw of [
      '',
      'repository',
      'repository:root/demo',
      ':root/demo:pull',
      'repository::pull',
      'repository:root/demo/../x:pull',
      'repository:root/./demo:pull',
      'repository:/root/demo:pull',
      'repository:root/demo/:pull',
      'repository:root//demo:pull',
      'repository:Root/Demo:pull',
      'repository:root/demo-:pull',
      'repository:root/demo%2fx:pull',
      'repository:127.0.0.1:5000/root/demo:pull',
      'repository:root/demo:pull push',
      'repository:root/demo:PULL',
      'repository:root/demo:pull,',
      'REPOSITORY:root/demo:pull',
      `repository:root/${'a'.repeat(300)}:pull`,
    ]) {
      assert.equal(parseRegistryScope(raw), null, raw);
    }
  });
});

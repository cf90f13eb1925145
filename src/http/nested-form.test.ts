import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNestedForm } from './nested-form.ts';

test('parseNestedForm: actions[][key] start a new object when the key repeats, like Rack', () => {
  const form = parseNestedForm(
    'branch=main&actions[][action]=create&actions[][file_path]=a%2Fb.txt&actions[][content]=x+y&actions[][action]=delete&actions[][file_path]=old&stats=false',
  );
  assert.deepEqual(JSON.parse(JSON.stringify(form)), {
    branch: 'main',
    actions: [
      { action: 'create', file_path: 'a/b.txt', content: 'x y' },
      { action: 'delete', file_path: 'old' },
    ],
    stats: 'false',
  });
});

test('parseNestedForm: indexed objects, repeated plain keys as arrays, bad escapes kept, __proto__ a plain name', () => {
  const form = parseNestedForm('actions[1][file_path]=skipped&actions[0][action]=chmod&actions[0][file_path]=x&tag=a&tag=b&odd=%E0%A4&__proto__=1');
  assert.deepEqual(JSON.parse(JSON.stringify(form.actions)), [{ action: 'chmod', file_path: 'x' }]);
  assert.deepEqual(form.tag, ['a', 'b']);
  assert.equal(form.odd, '%E0%A4');
  assert.equal(Object.getOwnPropertyDescriptor(form, '__proto__')?.value, '1');
});

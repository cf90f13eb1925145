import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** Columns whose change alters who a token authenticates as, or whether it does. */
const WATCHED: Record<string, ReadonlySet<string>> = {
  personal_access_tokens: new Set(['revoked', 'expires_at', 'scopes', 'user_id', 'project_id', 'digest']),
  users: new Set(['state', 'is_admin', 'user_type', 'username', 'name', 'email', 'bot_project_id']),
};

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return undefined;
}

/** Does this statement change something authentication depends on? */
function touchesAuth(node: RootOperationNode): boolean {
  if (node.kind === 'DeleteQueryNode') {
    return node.from.froms.some((from) => (tableName(from) ?? '') in WATCHED);
  }
  if (node.kind === 'UpdateQueryNode') {
    const watched = WATCHED[tableName(node.table) ?? ''];
    if (!watched) return false;
    return (node.updates ?? []).some((update) => {
      const column = update.column as unknown as { column?: { name: string } };
      return column.column !== undefined && watched.has(column.column.name);
    });
  }
  return false;
}

/**
 * Calls `onChange` right after any statement that changes tokens or users in a way that matters
 * for authentication (an UPDATE of watched columns, any DELETE). last_used_* writes don't count.
 */
export class AuthChangePlugin implements KyselyPlugin {
  private readonly pending = new WeakSet<object>();

  constructor(private readonly onChange: () => void) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (touchesAuth(args.node)) this.pending.add(args.queryId);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.pending.has(args.queryId)) {
      this.pending.delete(args.queryId);
      this.onChange();
    }
    return args.result;
  }
}

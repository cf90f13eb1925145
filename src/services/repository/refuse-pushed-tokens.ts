import type { Deps } from '../../deps.ts';
import type { HookRefLine } from '../../git/push-hooks.ts';
import { commitIntroducing, findTokenCandidatesInPush, type PushedObjects } from '../../git/pushed-blobs.ts';
import { firstActiveToken, leakedToken } from './token-leak-rules.ts';

/**
 * Push protection for git over HTTP and SSH, in the pre-receive decision: the blobs, commit messages
 * and annotated tag messages the push adds (reachable from its new tips and from no ref yet, read
 * from git's quarantine) are streamed through the token scanner, and an active token of this instance refuses the whole push before
 * any ref moves, naming the file and the oldest pushed commit that brought it. Off with
 * LATCHKEY_PUSH_PROTECTION=false.
 */
export async function refusePushedTokens(deps: Deps, repositoryDir: string, lines: readonly HookRefLine[], quarantine: string | null): Promise<void> {
  if (!deps.config.pushProtection) return;
  const tips = [...new Set(lines.filter((line) => line.after !== null && line.after !== line.before).map((line) => line.after!))];
  if (tips.length === 0) return;
  const pushed: PushedObjects = { repositoryDir, tips, quarantine };
  const candidates = await findTokenCandidatesInPush(pushed, deps.config.tokenPrefix);
  if (candidates.size === 0) return;
  const leak = await firstActiveToken(deps, candidates);
  if (!leak) return;
  throw leakedToken(leak.holder, leak.site.path, leak.site.commit ?? (await commitIntroducing(pushed, leak.site.blob)));
}

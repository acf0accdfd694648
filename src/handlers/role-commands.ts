import type { Bilingual } from '../cards/card-types.js';
import type { Command, CommandContext, CommandReply } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import { DirectoryError } from '../directory/directory-error.js';
import { decide } from '../directory/policy.js';
import { parseRole, ROLE_LABELS, ROLES } from '../directory/roles.js';
import type { Outbox } from '../outbox/outbox.js';
import { textContent } from '../outbox/outgoing-message.js';

const say = (b: Bilingual): CommandReply => ({ msgType: 'text', content: textContent(`${b.zh}\n${b.en}`) });

const OPEN_ID = /\bou_[A-Za-z0-9_-]+\b/;

/**
 * `授权 @某人 ROLE` / `撤销 @某人 ROLE` (also `grant` / `revoke`): admins change roles from chat.
 * The change is audited (role_changes, keyed by the event so a re-run records it once) and the
 * person concerned is told.
 */
export function roleCommands(deps: { directory: Directory; outbox: Outbox }): Command[] {
  const make = (change: 'grant' | 'revoke'): Command => ({
    id: change,
    words: change === 'grant' ? ['授权', 'grant'] : ['撤销', 'revoke'],
    usage: change === 'grant' ? '授权 @某人 dispatcher' : '撤销 @某人 dispatcher',
    summary:
      change === 'grant'
        ? { zh: '为某人授予角色（管理员）', en: 'Give someone a role (admins)' }
        : { zh: '撤销某人的角色（管理员）', en: "Take someone's role away (admins)" },
    run: (ctx) => run(change, ctx),
  });

  async function run(change: 'grant' | 'revoke', ctx: CommandContext): Promise<CommandReply[]> {
    const decision = decide(ctx.person, 'org.manage');
    if (!decision.allowed) {
      ctx.log.warn({ senderOpenId: ctx.senderOpenId, action: 'org.manage', command: change }, 'refused: not allowed');
      return [say(decision.reason)];
    }
    const word = change === 'grant' ? '授权' : '撤销';
    const usage: Bilingual = {
      zh: `用法：${word} @某人 角色，例如「${word} @张三 dispatcher」。可用角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、')}`,
      en: `Usage: ${change} @someone ROLE, e.g. "${change} @Zhang dispatcher". Roles: ${ROLES.join(', ')}`,
    };
    const words = ctx.args.replace(OPEN_ID, ' ').split(/\s+/).filter(Boolean);
    const target = ctx.mentions[0]?.openId ?? OPEN_ID.exec(ctx.args)?.[0];
    if (!target || ctx.mentions.length > 1 || words.length !== 1) return [say(usage)];
    const role = parseRole(words[0]!);
    if (!role) return [say({ zh: `未知角色「${words[0]}」。${usage.zh}`, en: `Unknown role "${words[0]}". ${usage.en}` })];

    let result: 'granted' | 'revoked' | 'unchanged';
    try {
      const by = { by: ctx.senderOpenId, via: 'chat' as const, key: ctx.eventId };
      result = change === 'grant' ? await deps.directory.grant(target, role, by) : await deps.directory.revoke(target, role, by);
    } catch (err) {
      if (err instanceof DirectoryError) return [say(err.reason)];
      throw err;
    }
    const label = ROLE_LABELS[role];
    const name = ctx.mentions[0]?.name ?? (await deps.directory.person(target))?.name ?? target;
    if (result === 'unchanged') {
      return [
        say(
          change === 'grant'
            ? { zh: `${name} 已经是${label.zh}，无需更改。`, en: `${name} already has the ${label.en} role; nothing changed.` }
            : { zh: `${name} 本来就没有${label.zh}角色，无需更改。`, en: `${name} does not have the ${label.en} role; nothing changed.` },
        ),
      ];
    }
    ctx.log.info({ by: ctx.senderOpenId, person: target, role, change }, 'role changed from chat');
    const admin = ctx.person!.name;
    await deps.outbox.enqueue([
      {
        op: 'send',
        key: `role:${ctx.eventId}:${change}:${target}:${role}`,
        receiveIdType: 'open_id',
        receiveId: target,
        msgType: 'text',
        content: textContent(
          change === 'grant'
            ? `${admin} 已为您授予「${label.zh}」角色。\n${admin} gave you the ${label.en} role.`
            : `${admin} 已撤销您的「${label.zh}」角色。\n${admin} took away your ${label.en} role.`,
        ),
      },
    ]);
    return [
      say(
        change === 'grant'
          ? { zh: `已为 ${name} 授予「${label.zh}」角色。`, en: `${name} now has the ${label.en} role.` }
          : { zh: `已撤销 ${name} 的「${label.zh}」角色。`, en: `${name} no longer has the ${label.en} role.` },
      ),
    ];
  }

  return [make('grant'), make('revoke')];
}

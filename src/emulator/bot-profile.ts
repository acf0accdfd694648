/**
 * Who the bot is inside the emulator, in one place: the fake Open API answers GET bot/v3/info
 * with these, and the player @mentions the bot with the same open_id — so the bot's own check
 * ("is my open_id among the mentions?") works as it does against Lark.
 */
export const BOT_NAME = '政务助手';
export const BOT_OPEN_ID = 'ou_govdesk_bot';
export const BOT_UNION_ID = 'on_govdesk_bot';

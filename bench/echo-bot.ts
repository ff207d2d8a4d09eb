/**
 * The baseline: the smallest botbuilder bot on restify, with the same botbuilder and restify
 * versions, the same adapter kind (CloudAdapter, development authentication: no app id) and the
 * same body parsing as Escalatiewijzer. It answers every message with its text, so one turn is one
 * inbound request and one call to the Bot Connector, like a step of the ladder. Nothing else: this
 * is the ceiling of the stack on the machine.
 *
 * Started by the bench as its own process; prints `{"message":"listening","port":N}` like the bot.
 */
import restify from 'restify';
import type { Request, Response } from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req: Request, res: Response) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
// eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
server.get('/readyz', async (_req: Request, res: Response) => {
  res.send(200, { status: 'ready' });
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ message: 'listening', port: server.address().port })}\n`);
});
process.on('SIGTERM', () => void server.close(() => process.exit(0)));

// A leader-election candidate as its own process, for rest-leader.test.ts:
//   node --import tsx leader-candidate.test-support.ts SERVER IDENTITY LEASE_MS RENEW_MS RETRY_MS
// Prints one JSON line per transition: {"event":"leading"|"stopped"|"exit","identity":..,"at":ms}.
// SIGTERM stops it cleanly (releasing the lease); SIGKILL is the crash case.
import { pino } from 'pino';
import { LeaderElector } from './leader-election.js';
import { RestLeaseStore } from './rest-backed.js';
import { RestClient } from './rest-client.js';

const [server = '', identity = '', leaseMs = '2000', renewMs = '1500', retryMs = '500'] = process.argv.slice(2);
const say = (event: string): void =>
  void process.stdout.write(`${JSON.stringify({ event, identity, at: Date.now() })}\n`);

const client = new RestClient({ server, userAgent: `candidate/${identity}` });
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());

const elector = new LeaderElector({
  lease: { namespace: 'kube-system', name: 'contended' },
  identity,
  store: new RestLeaseStore(client, 'leader-candidate'),
  leaseDurationMs: Number(leaseMs),
  renewDeadlineMs: Number(renewMs),
  retryPeriodMs: Number(retryMs),
  logger: pino({ level: 'silent' }),
  callbacks: {
    onStartedLeading: (signal) => {
      say('leading');
      signal.addEventListener('abort', () => say('stopped'), { once: true });
    },
    onStoppedLeading: () => undefined,
  },
});

// realClock's timers are unref'd, so something must hold the process open while it campaigns.
const keepAlive = setInterval(() => undefined, 60_000);
say('started');
await elector.run(stop.signal);
clearInterval(keepAlive);
client.close();
say('exit');

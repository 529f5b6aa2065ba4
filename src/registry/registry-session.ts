import { manifestVerdict, networkFailure, ProbeFailure } from './classify';
import type { Deadline } from './deadline';
import type { HttpExchange, Reply } from './http-exchange';
import { isDigest } from './probe-key';
import { type PlainHttpPolicy, registryOrigin } from './registry-origin';
import { withRetries } from './retry';
import type { ProbeTarget, ProbeVerdict } from './types';
import { type AuthChallenge, bearerChallenge, parseWwwAuthenticate } from './www-authenticate';

interface Verdict {
  verdict: ProbeVerdict;
  why: string;
}

const TOKEN_BODY_LIMIT = 1024 * 1024;

// The manifest kinds containerd and Docker ask for: OCI index and manifest, Docker list and manifest.
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  '*/*',
].join(', ');

/**
 * Looks at images anonymously for one run: each registry is pinged once and each anonymous
 * token fetched once, however many images share them.
 */
export class RegistrySession {
  private readonly challenges = new Map<string, Promise<AuthChallenge | undefined>>();
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly http: HttpExchange,
    private readonly plainHttp: PlainHttpPolicy,
    private readonly deadline: Deadline,
  ) {}

  async probe(target: ProbeTarget): Promise<Verdict> {
    if (!isWellFormed(target)) return { verdict: 'unknown', why: 'not a valid image reference' };
    try {
      const origin = registryOrigin(target.domain, this.plainHttp);
      const challenge = await memo(this.challenges, origin, () => this.ping(origin));
      const token = challenge ? await this.anonymousToken(challenge, pullScope(target)) : undefined;
      return await this.lookAtManifest(new URL(manifestPath(target), origin), target, token);
    } catch (error) {
      const failure = error instanceof ProbeFailure ? error : networkFailure(error);
      return { verdict: failure.verdict, why: failure.why };
    }
  }

  /** The Bearer challenge of `/v2/`, if the registry wants one; other answers leave it to the manifest. */
  private async ping(origin: string): Promise<AuthChallenge | undefined> {
    const url = new URL('/v2/', origin);
    const reply = await withRetries('ping', this.deadline, () => this.http.send({ method: 'GET', url }));
    if (reply.status !== 401) return undefined;
    return bearerChallenge(parseWwwAuthenticate(reply.headers['www-authenticate']));
  }

  private anonymousToken(challenge: AuthChallenge, scope: string): Promise<string> {
    const key = JSON.stringify([challenge.params.realm, challenge.params.service ?? '', scope]);
    return memo(this.tokens, key, () => this.fetchAnonymousToken(challenge, scope));
  }

  private async fetchAnonymousToken(challenge: AuthChallenge, scope: string): Promise<string> {
    const realm = URL.canParse(challenge.params.realm) ? new URL(challenge.params.realm) : undefined;
    if (!realm) throw new ProbeFailure('unknown', 'token realm is not a URL');
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', scope);
    const reply = await withRetries('token', this.deadline, () =>
      this.http.send({ method: 'GET', url: realm, headers: { accept: 'application/json' }, bodyLimit: TOKEN_BODY_LIMIT }),
    );
    if (reply.status === 401 || reply.status === 403) {
      throw new ProbeFailure('private', `anonymous token refused (HTTP ${reply.status})`);
    }
    if (reply.status < 200 || reply.status >= 300) throw new ProbeFailure('unknown', `HTTP ${reply.status} from token realm`);
    if (reply.overflow) throw new ProbeFailure('unknown', 'token response over 1 MiB');
    const token = tokenFromJson(reply.body);
    if (!token) throw new ProbeFailure('unknown', 'token response has no token');
    return token;
  }

  private async lookAtManifest(url: URL, target: ProbeTarget, token: string | undefined): Promise<Verdict> {
    let reply = await this.fetchManifest(url, token);
    // A registry may challenge only at the manifest, or redirect it to another host (such as a
    // regional mirror) that wants its own token: answer that challenge once, at that host.
    const challenge = reply.status === 401 ? bearerChallenge(parseWwwAuthenticate(reply.headers['www-authenticate'])) : undefined;
    const tokenReachedIt = token !== undefined && reply.url.origin === url.origin;
    if (challenge && !tokenReachedIt) {
      const scope = challenge.params.scope ?? pullScope(target);
      reply = await this.fetchManifest(reply.url, await this.anonymousToken(challenge, scope));
    }
    return { verdict: manifestVerdict(reply.status), why: `HTTP ${reply.status} from manifest` };
  }

  private async fetchManifest(url: URL, token: string | undefined): Promise<Reply> {
    const headers = { accept: MANIFEST_ACCEPT };
    const send = (method: 'GET' | 'HEAD') => () => this.http.send({ method, url, headers, bearer: token });
    const reply = await withRetries('manifest', this.deadline, send('HEAD'));
    // Some registries refuse HEAD; the GET body is discarded unread.
    return reply.status === 405 ? withRetries('manifest', this.deadline, send('GET')) : reply;
  }
}

function pullScope(target: ProbeTarget): string {
  return `repository:${target.repository}:pull`;
}

function manifestPath(target: ProbeTarget): string {
  return `/v2/${target.repository}/manifests/${target.reference}`;
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

// Distribution's spec calls it `token`; OAuth2-style servers answer `access_token`.
function tokenFromJson(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    const token = parsed.token ?? parsed.access_token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

const DOMAIN = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/;

// Names go into URL paths; anything outside the reference grammar could reach another path.
function isWellFormed(t: ProbeTarget): boolean {
  return (
    DOMAIN.test(t.domain) && REPOSITORY.test(t.repository) && (isDigest(t.reference) ? DIGEST : TAG).test(t.reference)
  );
}

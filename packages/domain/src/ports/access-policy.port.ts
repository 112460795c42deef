/** What the edge knows about a request when deciding whether it may notify us. */
export interface AccessRequest {
  /** The address of the direct TCP peer. */
  readonly peerAddress: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The verdict, with the client address it was based on (after trusted proxies). */
export type AccessDecision =
  | { readonly allowed: true; readonly clientAddress: string }
  | { readonly allowed: false; readonly clientAddress: string; readonly reason: string };

/** May this request notify us? */
export interface AccessPolicy {
  check(request: AccessRequest): AccessDecision;
}

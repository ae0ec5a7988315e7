// The contract between the server and one Kafka API implementation. See README.md.
import type { Cluster, BrokerInfo } from '../cluster';
import type { Reader, Writer } from './primitives';
import type { HandlerTable } from './handlers';

/** One listener (one broker port). An auth layer sets requiresSasl on SASL listeners. */
export interface ListenerInfo {
  brokerId: number;
  host: string;
  port: number;
  /** When true, only handlers with allowUnauthenticated run until conn.authenticated is set. */
  requiresSasl: boolean;
  /** Free-form tag: 'plaintext' today; 'sasl_ssl', 'tls' … later. */
  name: string;
}

/** Per-TCP-connection state, shared by all requests on that connection. */
export interface ConnectionState {
  readonly id: number;
  readonly remote: string;
  readonly listener: ListenerInfo;
  authenticated: boolean;
  principal?: string;
  /** SASL mechanism chosen by SaslHandshake, for SaslAuthenticate. */
  saslMechanism?: string;
  /** Per-connection scratch space for handlers (e.g. SASL exchange state). */
  readonly data: Map<string, unknown>;
  /** Closes the connection after the current response is written. */
  closeAfterResponse: boolean;
}

export interface RequestContext {
  readonly cluster: Cluster;
  /** The broker this request arrived at. */
  readonly broker: BrokerInfo;
  readonly conn: ConnectionState;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** All registered handlers (ApiVersions answers from this). */
  readonly handlers: HandlerTable;
  /**
   * Fault injection: when set, the handler must answer every error field of the response
   * (top-level and per item) with this code instead of doing the work.
   */
  readonly forcedError?: number;
  readonly log: (msg: string) => void;
}

/** Returned by a handler that must not answer (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no-response');
export type HandlerResult = Writer | typeof NO_RESPONSE;

export interface ApiHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version (request header v2, response header v1, compact fields); omit if none. */
  readonly flexibleFrom?: number;
  /** May run before SASL authentication completes (ApiVersions, SaslHandshake, SaslAuthenticate). */
  readonly allowUnauthenticated?: boolean;
  /**
   * Decodes the request body from `body` (positioned after the request header) and returns the
   * response body (without the response header). Throwing a ProtocolError means "malformed".
   */
  handle(ctx: RequestContext, body: Reader): HandlerResult | Promise<HandlerResult>;
  /**
   * Optional: a whole-request error response, used when the body does not decode (INVALID_REQUEST).
   * Without it (or when it returns null) the server closes the connection instead, as Kafka does.
   */
  errorResponse?(version: number, code: number): Writer | null;
}

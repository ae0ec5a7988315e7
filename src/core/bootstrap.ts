/** Splits and checks a bootstrap string; the error says what a valid one looks like. */
export function parseBootstrap(bootstrap: string): string[] {
  const brokers = bootstrap.split(',').map((s) => s.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error('the bootstrap address is empty: give "host:port", or several separated by commas');
  for (const b of brokers) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(b);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new Error(`"${b}" is not a broker address: write it as host:port, e.g. b-1.mycluster.kafka.us-east-1.amazonaws.com:9098`);
    }
  }
  return brokers;
}

/** The message of parseBootstrap's error, or undefined when the string is valid (for input boxes). */
export function bootstrapProblem(bootstrap: string): string | undefined {
  try {
    parseBootstrap(bootstrap);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

// Resource types, config sources and config types of DescribeConfigs / AlterConfigs.
import type { ConfigType } from '../../cluster';

export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, BROKER: 4, BROKER_LOGGER: 8 } as const;

export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

const TYPE_CODES: Record<ConfigType, number> = {
  boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9,
};

export function configTypeCode(t: ConfigType): number {
  return TYPE_CODES[t];
}

/** Guesses a type for broker settings (they have no definitions table in the sandbox). */
export function inferType(value: string): ConfigType {
  if (value === 'true' || value === 'false') return 'boolean';
  if (/^-?\d+$/.test(value)) return Math.abs(Number(value)) <= 2147483647 ? 'int' : 'long';
  return 'string';
}

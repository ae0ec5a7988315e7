// The MSK IAM signer, kept apart so that the bundle loads it (and the AWS SDK code it carries) only
// for IAM connections: scripts/build.mjs makes this module the kafka-iam.js chunk.
export { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';

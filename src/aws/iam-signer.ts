// The MSK IAM signer (aws-msk-iam-sasl-signer-js). It lives in the control-plane chunk (dist/aws.js),
// which already carries the AWS SDK core it needs, so the SDK is packaged once; only connections
// that use IAM load the chunk (src/kafka/auth/iam.ts imports it lazily).
export { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';

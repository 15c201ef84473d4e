// What the deployment bar opens (see bar-parts.ts): one chunk.
export { DeleteDialog, NameDialog } from './DeploymentDialogs';
export { ReportMenu } from './ReportMenu';

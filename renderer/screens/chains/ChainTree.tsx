import { Badge, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowTurnDownRightRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ChainFetchResult } from '../../../preload/contract';
import { CopyButton } from '../../components/CopyButton';
import { useChainsStore } from '../../state/chains-store';
import { chainNodes, type ChainNode } from './chain-view';
import { StatusBadge } from '../certificates/StatusBadge';
import { certificateLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

const INDENT_PX = 22;

const useStyles = makeStyles({
  tree: styleRules.plainListXXS,
  node: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  connector: { flexShrink: 0, color: tokens.colorNeutralForeground3, fontSize: '16px' },
  pick: {
    flexGrow: 1,
    minWidth: 0,
    justifyContent: 'flex-start',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'start',
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
  },
  name: { fontWeight: tokens.fontWeightSemibold, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '100%' },
  meta: { color: tokens.colorNeutralForeground2, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '100%' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', flexShrink: 0 },
});

function IseBadge({ node }: { node: ChainNode }) {
  const { t } = useTranslation();
  if (node.inIse === null) return null;
  if (node.inIse === 'missing') {
    return (
      <Badge appearance="outline" color="danger" data-testid="node-ise">
        {t('chains.node.missingInIse')}
      </Badge>
    );
  }
  return (
    <Badge appearance="outline" color="success" data-testid="node-ise">
      {t(node.inIse.matchedBy === 'sha1' ? 'chains.node.inIse' : 'chains.node.inIseTwin')}
    </Badge>
  );
}

/** The chain leaf → root, each level indented under the certificate it issued. */
export function ChainTree({ result }: { result: ChainFetchResult }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const showDetail = useChainsStore((s) => s.showDetail);
  const host = result.target.replace(/:443$/, '');
  return (
    <ol className={styles.tree} aria-label={t('chains.result.chain', { host })} data-testid="chain-tree">
      {chainNodes(result).map((node, depth) => {
        const name = certificateLabel(node.info);
        return (
          <li key={node.info.thumbprints.sha256} className={styles.node} style={{ paddingLeft: `${depth * INDENT_PX}px` }} data-testid="chain-node" data-origin={node.origin} data-role={node.role}>
            {depth > 0 ? <ArrowTurnDownRightRegular className={styles.connector} aria-hidden /> : null}
            <Button appearance="subtle" className={styles.pick} onClick={() => showDetail(node.info)} title={t('chains.node.open', { name })}>
              <span className={styles.name}>{name}</span>
              <Caption1 className={styles.meta}>
                {t(`chains.node.role.${node.role}`)} · {t(`chains.node.origin.${node.origin}`)}
              </Caption1>
            </Button>
            <span className={styles.badges}>
              <IseBadge node={node} />
              <StatusBadge info={node.info} />
              <CopyButton text={node.info.pem} label={t('chains.node.pem', { name })} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}

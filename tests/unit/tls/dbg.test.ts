import { it } from 'vitest';
import { fetchChains } from '../../../main/services/tls';
import { servedChain } from '../../support/tls-servers';
import { useLab } from './lab';
const lab = useLab();
it('dbg', async () => {
  console.log('chain', servedChain(lab().pki, 'aia-der.test').map((c) => c.subject));
  const [r] = await fetchChains([lab().target('aia-der.test'), lab().target('full.test')], lab().options());
  console.log('ours', r?.served.map((c) => c.subjectCN), r?.verdict, lab().chainServer.servernames);
});

import { mountPage } from '../../components/mount-page';
import { Options } from '../../components/options/Options';
import '../../components/log/pages.css';

mountPage(<Options />);

import { mountPage } from '../../components/mount-page';
import { Welcome } from '../../components/welcome/Welcome';
import { t } from '../../utils/i18n';
import '../../components/log/pages.css';
import '../../components/welcome/welcome.css';

mountPage(<Welcome />, t('welcomePageTitle'));

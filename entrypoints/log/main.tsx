import { LogApp } from '../../components/log/LogApp';
import { mountPage } from '../../components/mount-page';
import '../../components/log/pages.css';
import { t } from '../../utils/i18n';

document.title = t('logTitle');

mountPage(<LogApp />);

import { LogApp } from '../../components/log/LogApp';
import { mountPage } from '../../components/mount-page';
import '../../components/log/pages.css';

mountPage(<LogApp />);

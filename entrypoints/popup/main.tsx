import { mountPage } from '../../components/mount-page';
import { Popup } from '../../components/popup/Popup';
import '../../components/popup/popup.css';

mountPage(<Popup />);

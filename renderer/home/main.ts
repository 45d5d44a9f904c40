import '../shared/fonts';
import '../shared/styles/base.css';

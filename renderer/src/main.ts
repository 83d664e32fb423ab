import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';

performance.mark('lfr:start');
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
const app = mount(App, { target });
performance.mark('lfr:mounted');
export default app;

import { describe, expect, it } from 'vitest';
import { refusedPage, sessionPage } from '../../electron/simulator/dcv-page.js';

describe('stand-in DCV pages', () => {
  it('label the computer and the kind of session in queryable attributes', () => {
    const app = sessionPage({
      computer: 'stats-rstudio',
      region: 'us-east-2',
      kind: 'app',
      app: 'RStudio',
      sessionName: 'RStudio',
    });
    expect(app).toContain(
      '<main id="dcv" data-computer="stats-rstudio" data-region="us-east-2" data-kind="app"',
    );
    expect(app).toContain('Application session');
    expect(app).toContain('<span id="dcv-app">RStudio</span>');
    // The faux IDE shows the app's own kind of work.
    expect(app).toContain('ggplot');
    const desktop = sessionPage({
      computer: 'stats-rstudio',
      region: 'us-east-2',
      kind: 'desktop',
      app: 'RStudio',
      sessionName: 'Ubuntu Desktop',
    });
    expect(desktop).toContain('data-kind="desktop"');
    expect(desktop).toContain('Desktop session');
    expect(desktop).toContain('class="taskbar"');
  });

  it('escape names that come from seeds', () => {
    const html = sessionPage({
      computer: 'nb-1',
      region: 'us-east-2',
      kind: 'app',
      app: '<img src=x onerror=alert(1)>"',
      sessionName: 'x',
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
  });

  it('load nothing from elsewhere and run no script', () => {
    for (const html of [
      sessionPage({
        computer: 'nb-1',
        region: 'eu-west-2',
        kind: 'app',
        app: 'JupyterLab',
        sessionName: 'JupyterLab',
      }),
      sessionPage({
        computer: 'nb-1',
        region: 'eu-west-2',
        kind: 'desktop',
        app: 'JupyterLab',
        sessionName: 'Ubuntu Desktop',
      }),
      refusedPage(),
    ]) {
      expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\//i);
    }
    expect(refusedPage()).toContain('Session link expired or invalid');
  });
});

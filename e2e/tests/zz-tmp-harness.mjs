import fs from 'node:fs';
export async function run(browser, ctx) {
  ctx.log('session', browser.sessionId, JSON.stringify(browser.capabilities).slice(0, 300));
  await browser.url('data:text/html,<title>hello</title><h1 id="h">Hi there</h1><button id="b" onclick="this.textContent=\'clicked\'">go</button>');
  ctx.assert.equal(await browser.getTitle(), 'hello');
  await (await browser.$('#b')).click();
  await ctx.waitFor(async () => (await (await browser.$('#b')).getText()) === 'clicked', 3000);
  const envMark = fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)).filter(p => { try { return fs.readlinkSync(`/proc/${p}/exe`).includes('MiniBrowser') && fs.readFileSync(`/proc/${p}/environ`,'utf8').includes('SWITCHBOARD_DEMO_URL=' + ctx.serverUrl); } catch { return false; } });
  ctx.log('MiniBrowser pids with demo url env:', envMark);
  ctx.assert.ok(envMark.length > 0, 'env not passed to app');
  await new Promise(r => setTimeout(r, 1000)); const files = await ctx.screenshot('tmp-harness');
  ctx.log('screens', files);
  if (process.env.FAIL_ON_PURPOSE) ctx.assert.equal(1, 2, 'on purpose');
}

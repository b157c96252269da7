// Headless Chromium over the published results pages, at a phone's
// viewport (390x844).  Driven by tests/cli/publish-browser.sh, which
// publishes a site, serves it on loopback and writes the spec file:
//
//   node pages.mjs SPEC.json
//
// SPEC: {"base": "http://127.0.0.1:PORT", "out": ARTIFACTS_DIR,
//        "live": true when base is the real server (HTTPS, test CA),
//        "pages": [{"name", "path", "lang", "text", "cjk", "bars",
//                   "maxScreens"}],
//        "pdf": [{"name", "path", "pages"}],
//        "qr": [{"name", "path", "selector"}]}
//
// For every page: it loads, <html lang> is as expected, the expected text
// is on it, nothing is wider than the screen (scrollWidth <= 390), the
// Chinese of the "cjk" selector (default h1) is drawn with a real CJK font (Chromium's own
// account of the platform fonts used for that node, so a missing font
// shows as a fallback or a missing glyph count), and a full-page
// screenshot goes to ARTIFACTS_DIR/NAME.png.  No number, fraction, date,
// percentage or short fixed phrase ("已达到", "不少于 2/3") of the text,
// details opened, is split across two lines, nor any element of class
// "nw" (a page with bars must have some).  Every page must load
// without a Content-Security-Policy violation (Chromium's own log), and
// on a page with "bars" every bar is drawn as wide as the per cent its
// figure line states (within 0.5 points); "bars": "nonempty" also wants
// one of them filled (details are opened first, as a tap would).  With
// "maxScreens" the page, details folded, is shorter than that many phone
// screens and opens with the summary.  Every "pdf" entry is
// printed with page.pdf({format: 'A4'}) to NAME.pdf and must have the
// given number of pages.  Every "qr" entry's element is screenshot to
// NAME.png for zbarimg.  Prints one "ok"/"FAIL" line per check; exits 1
// on any failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const WIDTH = 390;
const HEIGHT = 844;
const CJK_FONT = /Noto (Sans|Serif) CJK|PingFang|Microsoft (YaHei|JhengHei)|Source Han/;

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failures = 0;

function check(ok, what) {
	console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
	if (!ok)
		failures++;
}

// The platform fonts Chromium used to draw the text of the first node
// matching selector.
async function fontsOnce(page, selector) {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('DOM.enable');
		await cdp.send('CSS.enable');
		const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
		const { nodeId } = await cdp.send('DOM.querySelector',
		    { nodeId: root.nodeId, selector });
		if (!nodeId)
			return [];
		const { fonts } = await cdp.send('CSS.getPlatformFontsForNode',
		    { nodeId });
		return fonts;
	} finally {
		await cdp.detach();
	}
}

// The same once the document's fonts are loaded and laid out: Chromium
// may report a node before its fallback CJK font is in, so poll until a
// CJK font shows up or a second has passed.
async function fontsOf(page, selector) {
	let fonts = [];
	await page.evaluate(() => document.fonts.ready.then(() =>
	    document.body.offsetHeight));
	for (let i = 0; i < 20; i++) {
		fonts = await fontsOnce(page, selector);
		if (fonts.some(f => CJK_FONT.test(f.familyName) && f.glyphCount > 0))
			break;
		await page.waitForTimeout(50);
	}
	return fonts;
}

// The number of pages of a PDF: its /Type /Page objects.
function pdfPages(buf) {
	const m = buf.toString('latin1').match(/\/Type\s*\/Page[^s]/g);
	return m ? m.length : 0;
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	    '--no-first-run', '--disable-background-networking',
	    '--disable-component-update', '--disable-sync'],
});
try {
	const context = await browser.newContext({
		viewport: { width: WIDTH, height: HEIGHT },
		deviceScaleFactor: 1,
		javaScriptEnabled: false,
		ignoreHTTPSErrors: !!spec.live,
	});
	const page = await context.newPage();
	// Chromium reports CSP violations in its log, not to page scripts.
	const cdp = await context.newCDPSession(page);
	let violations = [];
	cdp.on('Log.entryAdded', e => {
		if (/Content Security Policy/i.test(e.entry.text))
			violations.push(e.entry.text);
	});
	await cdp.send('Log.enable');
	for (const p of spec.pages) {
		violations = [];
		const resp = await page.goto(spec.base + p.path);
		check(resp && resp.status() === 200, `${p.name}: loads (${resp && resp.status()})`);
		const lang = await page.getAttribute('html', 'lang');
		check(lang === p.lang, `${p.name}: lang is ${p.lang} (${lang})`);
		if (p.text) {
			const body = await page.textContent('body');
			check(body.includes(p.text), `${p.name}: shows "${p.text}"`);
		}
		const width = await page.evaluate(() => Math.max(
		    document.documentElement.scrollWidth,
		    document.body.scrollWidth));
		check(width <= WIDTH, `${p.name}: no horizontal scroll (scrollWidth ${width})`);
		const fonts = await fontsOf(page, p.cjk || 'h1');
		const cjk = fonts.filter(f => CJK_FONT.test(f.familyName) &&
		    f.glyphCount > 0);
		check(cjk.length > 0, `${p.name}: Chinese drawn with a CJK font (${fonts.map(f => `${f.familyName}:${f.glyphCount}`).join(', ')})`);
		if (p.maxScreens) {
			const h = await page.evaluate(() =>
			    document.documentElement.scrollHeight);
			check(h < p.maxScreens * HEIGHT,
			    `${p.name}: under ${p.maxScreens} phone screens tall (${h} px)`);
			const first = await page.evaluate(() => {
				const s = document.querySelector('main > *');
				return s ? s.className : '';
			});
			check(first === 'summary',
			    `${p.name}: the summary comes first (${first})`);
		}
		if (p.bars) {
			// Details are folded: open them to measure what a
			// resident sees after a tap.
			const bars = await page.evaluate(() => {
			    document.querySelectorAll('details').forEach(d =>
				d.open = true);
			    return [...document.querySelectorAll('.meter')].map(m => {
				const svg = m.querySelector('svg.bar');
				const fill = m.querySelector('svg.bar rect.fill');
				const fig = m.querySelector('.fig');
				// "(7.23%)", "（7.23%）", or "(-)" for an empty base.
				const pct = fig && fig.textContent.match(/[(（]([0-9.]+%|-)[)）]/);
				return {
				    drawn: svg && fill ? 100 *
					fill.getBoundingClientRect().width /
					svg.getBoundingClientRect().width : -1,
				    said: !pct ? -1 : pct[1] === '-' ? 0 : parseFloat(pct[1]),
				};
			    });
			});
			const wrong = bars.filter(b => b.said < 0 ||
			    !Number.isFinite(b.drawn) ||
			    Math.abs(b.drawn - b.said) > 0.5);
			check(bars.length > 0 && wrong.length === 0,
			    `${p.name}: ${bars.length} bars drawn as their figures say (${JSON.stringify(wrong.slice(0, 3))})`);
			if (p.bars === 'nonempty')
				check(bars.some(b => b.drawn > 0),
				    `${p.name}: a bar is not empty`);
		}
		// No number, fraction, date, percentage or short fixed phrase
		// split across lines, details opened as a tap would: each
		// such token of the text, and each .nw element, draws on one
		// line (its client rects share one line box).
		const broken = await page.evaluate(() => {
			document.querySelectorAll('details').forEach(d =>
			    d.open = true);
			const TOKEN = new RegExp([
			    '(?:不少[于於]|多[于於]|at least|more than) ?\\d+/\\d+',
			    '[≥>]?\\d+/\\d+',
			    '\\d{4}-\\d{2}-\\d{2}(?: \\d{2}:\\d{2})?',
			    '\\d+(?:\\.\\d+)?%',
			    '\\d+(?:\\.\\d+)? ?m²',
			    '[已未尚]未?[达達]到', 'not met'].join('|'), 'g');
			const lines = range => {
				const tops = [...range.getClientRects()]
				    .filter(r => r.width > 0)
				    .map(r => r.bottom).sort((a, b) => a - b);
				let n = tops.length > 0 ? 1 : 0;
				for (let i = 1; i < tops.length; i++)
					if (tops[i] - tops[i - 1] > 8)
						n++;
				return n;
			};
			const out = [];
			const walk = document.createTreeWalker(document.body,
			    NodeFilter.SHOW_TEXT);
			for (let t = walk.nextNode(); t; t = walk.nextNode()) {
				if (t.parentElement.closest('svg, style'))
					continue;
				for (const m of t.data.matchAll(TOKEN)) {
					const r = document.createRange();
					r.setStart(t, m.index);
					r.setEnd(t, m.index + m[0].length);
					if (lines(r) > 1)
						out.push(m[0]);
				}
			}
			let nw = 0;
			for (const e of document.querySelectorAll('.nw')) {
				const r = document.createRange();
				r.selectNodeContents(e);
				nw++;
				if (lines(r) > 1)
					out.push(e.textContent);
			}
			return { out, nw };
		});
		check(broken.out.length === 0 && (!p.bars || broken.nw > 0),
		    `${p.name}: no number, date or fixed phrase split across lines (${broken.nw} kept whole; split: ${JSON.stringify(broken.out.slice(0, 5))})`);
		await page.waitForTimeout(50);
		check(violations.length === 0,
		    `${p.name}: no CSP violation (${violations.slice(0, 2).join(' | ')})`);
		await page.screenshot({ path: `${spec.out}/${p.name}.png`, fullPage: true });
	}
	for (const q of spec.pdf || []) {
		const resp = await page.goto(spec.base + q.path);
		check(resp && resp.status() === 200, `${q.name}: loads (${resp && resp.status()})`);
		const fonts = await fontsOf(page, 'h1');
		check(fonts.some(f => CJK_FONT.test(f.familyName) &&
		    f.glyphCount > 0),
		    `${q.name}: title drawn with a CJK font (${fonts.map(f => `${f.familyName}:${f.glyphCount}`).join(', ')})`);
		const pdf = await page.pdf({ format: 'A4', printBackground: true,
		    preferCSSPageSize: true });
		writeFileSync(`${spec.out}/${q.name}.pdf`, pdf);
		const n = pdfPages(pdf);
		check(n === q.pages, `${q.name}: ${q.pages} A4 page(s) (${n})`);
	}
	for (const q of spec.qr || []) {
		const resp = await page.goto(spec.base + q.path);
		check(resp && resp.status() === 200, `${q.name}: loads (${resp && resp.status()})`);
		const el = await page.$(q.selector || 'svg');
		check(el !== null, `${q.name}: has the QR code`);
		if (el)
			await el.screenshot({ path: `${spec.out}/${q.name}.png` });
	}
} finally {
	await browser.close();
}
process.exit(failures > 0 ? 1 : 0);

// Print an HTML file to PDF in headless Chromium the way an office
// prints it from the browser: the page's own @page size is used
// (preferCSSPageSize), backgrounds printed.  Any request other than the
// file itself fails the run: a printed page must need nothing from
// outside.  Usage: node print.mjs IN.html OUT.pdf
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [input, output] = process.argv.slice(2);
const self = pathToFileURL(input).href;
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	    '--no-first-run', '--disable-background-networking',
	    '--disable-component-update', '--disable-sync'],
});
let status = 0;
try {
	const page = await browser.newPage({ javaScriptEnabled: false });
	page.on('request', (r) => {
		if (r.url() !== self) {
			console.error(`outside resource requested: ${r.url()}`);
			status = 1;
		}
	});
	await page.goto(self);
	const pdf = await page.pdf({ preferCSSPageSize: true,
	    printBackground: true });
	writeFileSync(output, pdf);
} finally {
	await browser.close();
}
process.exit(status);

/*
 * Spoken guidance: espeak-ng when built with it (HAVE_SPEECH), nothing
 * otherwise.  Speech plays asynchronously, so the resident can press a
 * key while a screen is read; each new utterance cancels the one still
 * playing.  When audio cannot be opened the kiosk goes on silently.
 *
 * Whether built with espeak-ng or not, when RENOVOTE_SPEECH_LOG names a
 * file each utterance is appended to it as one line: the tests read it,
 * and it shows what a machine without audio would have said.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_SPEECH
#include <espeak-ng/espeak_ng.h>
#endif

#include "ui.h"

#define SPEECH_RATE_MIN		100	/* words a minute at step 1 */
#define SPEECH_RATE_STEP	30
#define SPEECH_VOLUME_STEP	20	/* percent per step */

static FILE	*speech_log;
static int	 speech_engine;		/* espeak-ng is initialised */
static int	 speech_audio;		/* ... and its output is open */
static const char *speech_voice;	/* the voice set, or NULL */

/* Open the log named by RENOVOTE_SPEECH_LOG and, if built in, espeak-ng. */
void
speech_open(void)
{
	const char	*log = getenv("RENOVOTE_SPEECH_LOG");

	if (log != NULL && *log != '\0')
		speech_log = fopen(log, "a");
#ifdef HAVE_SPEECH
	espeak_ng_InitializePath(NULL);
	if (espeak_ng_Initialize(NULL) != ENS_OK)
		return;
	speech_engine = 1;
	if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SPEAK_AUDIO, 0,
	    NULL) == ENS_OK)
		speech_audio = 1;
#endif
}

/* Stop speaking and release audio and the log. */
void
speech_close(void)
{
#ifdef HAVE_SPEECH
	if (speech_audio)
		espeak_ng_Cancel();
	if (speech_engine)
		espeak_ng_Terminate();
	speech_engine = speech_audio = 0;
	speech_voice = NULL;
#endif
	if (speech_log != NULL)
		fclose(speech_log);
	speech_log = NULL;
}

/* Stop what is being said. */
void
speech_stop(void)
{
#ifdef HAVE_SPEECH
	if (speech_audio)
		espeak_ng_Cancel();
#endif
}

/*
 * Say text in the locale's voice (Mandarin for both Chinese locales) at
 * rate and volume steps 1 to SPEECH_STEPS, cancelling what is playing.
 */
void
speech_say(enum rv_locale loc, int rate, int volume, const char *text)
{
	const char	*p;

	if (speech_log != NULL) {
		fprintf(speech_log, "[%s r%d v%d] ", locale_name(loc), rate,
		    volume);
		for (p = text; *p != '\0'; p++)
			fputc(*p == '\n' ? ' ' : *p, speech_log);
		fputc('\n', speech_log);
		fflush(speech_log);
	}
#ifdef HAVE_SPEECH
	if (!speech_audio)
		return;
	espeak_ng_Cancel();
	/*
	 * espeak-ng copies the voice on each change and frees the copy only
	 * when it speaks; a cancelled change is lost.  Change it only when
	 * the language does, so a kiosk running for weeks does not grow.
	 */
	if (speech_voice == NULL || (loc == RV_EN) != (*speech_voice == 'e')) {
		speech_voice = loc == RV_EN ? "en" : "cmn";
		espeak_ng_SetVoiceByName(speech_voice);
	}
	espeak_ng_SetParameter(espeakRATE, SPEECH_RATE_MIN +
	    (rate - 1) * SPEECH_RATE_STEP, 0);
	espeak_ng_SetParameter(espeakVOLUME, volume * SPEECH_VOLUME_STEP, 0);
	espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	    espeakCHARS_UTF8, NULL, NULL);
#else
	(void)rate;
	(void)volume;
#endif
}

/*
 * Spoken guidance: espeak-ng when built with it (HAVE_SPEECH), nothing
 * otherwise.  Speech plays asynchronously, so the resident can press a
 * key while a screen is read; each new utterance cancels the one still
 * playing.  When audio cannot be opened the kiosk goes on silently.
 *
 * espeak-ng is loaded (dynlib.c) by speech_start, which the interface
 * calls once its first screen is up: the library and the audio system
 * it brings (pulseaudio, ALSA, X11's client libraries) cost a resident
 * nothing before.  When the library cannot be loaded the kiosk behaves
 * as one built without speech, and says why in its log and on the
 * committee screen (speech_missing).
 *
 * What is said is the screen text converted by speech_text (numbers,
 * dates and money in words, no masks, URLs or marks, no Latin letters in
 * Chinese).  Whether built with espeak-ng or not, when RENOVOTE_SPEECH_LOG
 * names a file each utterance is appended to it as one line,
 * "[LANG voice=VOICE rRATE vVOLUME] TEXT", TEXT exactly as handed to
 * espeak-ng: the tests read it, and it shows what a machine without audio
 * would have said.
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

/*
 * The voices.  espeak-ng's "cmn" reads Chinese characters as English
 * spellings of pinyin with tone numbers ("ni three hao three") on the
 * espeak-ng 1.51 Debian 12 ships; "cmn-latn-pinyin" speaks Mandarin
 * (`espeak-ng -q -x -v cmn-latn-pinyin 你好` gives n'i35_| X'Au214_|)
 * for simplified and traditional characters alike.  Chinese text reaches
 * it with no Latin letters (speech_text), so it never switches language.
 */
#define SPEECH_VOICE_ZH		"cmn-latn-pinyin"
#define SPEECH_VOICE_ZH_OLD	"cmn"	/* an espeak-ng without the above */
#define SPEECH_VOICE_EN		"en"

static FILE	*speech_log;
static int	 speech_started;	/* speech_start ran */
static int	 speech_engine;		/* espeak-ng is initialised */
static int	 speech_audio;		/* ... and its output is open */
static const char *speech_voice;	/* the voice set, or NULL */
static char	*speech_why;		/* why espeak-ng could not be loaded */

#ifdef HAVE_SPEECH
/* The espeak-ng functions the kiosk calls, loaded by speech_start. */
#define SPEECH_FUNCTIONS(F) \
	F(void, InitializePath, (const char *)) \
	F(espeak_ng_STATUS, Initialize, (espeak_ng_ERROR_CONTEXT *)) \
	F(espeak_ng_STATUS, InitializeOutput, (espeak_ng_OUTPUT_MODE, int, \
	    const char *)) \
	F(espeak_ng_STATUS, Cancel, (void)) \
	F(espeak_ng_STATUS, Terminate, (void)) \
	F(espeak_ng_STATUS, SetVoiceByName, (const char *)) \
	F(espeak_ng_STATUS, SetParameter, (espeak_PARAMETER, int, int)) \
	F(espeak_ng_STATUS, Synthesize, (const void *, size_t, unsigned int, \
	    espeak_POSITION_TYPE, unsigned int, unsigned int, unsigned int *, \
	    void *))

static struct {
	SPEECH_FUNCTIONS(DYNLIB_MEMBER)
} es;
#define SPEECH_CHECK(ret, name, args) DYNLIB_CHECK(espeak_ng_, ret, name, args)
SPEECH_FUNCTIONS(SPEECH_CHECK)
#define SPEECH_ENTRY(ret, name, args) DYNLIB_ENTRY(espeak_ng_, es, name)
static const struct dynlib_sym speech_syms[] = {
	SPEECH_FUNCTIONS(SPEECH_ENTRY)
	{ NULL, NULL }
};
#endif

/*
 * Open the log named by RENOVOTE_SPEECH_LOG, which is all speech needs
 * before the first screen (speech_available).
 */
void
speech_open(void)
{
	const char	*log = getenv("RENOVOTE_SPEECH_LOG");

	if (log != NULL && *log != '\0')
		speech_log = fopen(log, "a");
}

/*
 * Load and start espeak-ng, if built in, the first time only; the
 * interface calls this after drawing its first screen.  Why a library
 * could not be loaded is kept for speech_missing.  Returns 1 when
 * speech_available changed, so the screen drawn without it is drawn
 * again.
 */
int
speech_start(void)
{
	int	 before = speech_available();

	if (speech_started)
		return 0;
	speech_started = 1;
#ifdef HAVE_SPEECH
	if (dynlib_open(KIOSK_ESPEAK_SONAME, speech_syms,
	    &speech_why) != RV_OK)
		return 0;
	es.InitializePath(NULL);
	if (es.Initialize(NULL) != ENS_OK)
		return 0;
	speech_engine = 1;
	if (es.InitializeOutput(ENOUTPUT_MODE_SPEAK_AUDIO, 0, NULL) == ENS_OK)
		speech_audio = 1;
#endif
	return speech_available() != before;
}

/*
 * Why a kiosk built with speech cannot speak: the loader's words naming
 * the missing library, or NULL when nothing is missing.
 */
const char *
speech_missing(void)
{
	return speech_why;
}

/* Stop speaking and release audio and the log. */
void
speech_close(void)
{
#ifdef HAVE_SPEECH
	if (speech_audio)
		es.Cancel();
	if (speech_engine)
		es.Terminate();
	speech_engine = speech_audio = 0;
	speech_voice = NULL;
#endif
	free(speech_why);
	speech_why = NULL;
	speech_started = 0;
	if (speech_log != NULL)
		fclose(speech_log);
	speech_log = NULL;
}

/*
 * Can the kiosk be heard: audio is open, or the log shows what would be
 * said (a test, a machine without a sound card being checked).
 */
int
speech_available(void)
{
	return speech_audio || speech_log != NULL;
}

/* Stop what is being said. */
void
speech_stop(void)
{
#ifdef HAVE_SPEECH
	if (speech_audio)
		es.Cancel();
#endif
}

/* The voice for language loc. */
const char *
speech_voice_name(enum rv_locale loc)
{
	return loc == RV_EN ? SPEECH_VOICE_EN : SPEECH_VOICE_ZH;
}

/*
 * Say screen text in the locale's voice (Mandarin for both Chinese
 * locales) at rate and volume steps 1 to SPEECH_STEPS, cancelling what
 * is playing.  The text is converted for speech first (speech_text).
 */
void
speech_say(enum rv_locale loc, int rate, int volume, const char *screen)
{
	char	*text;

	text = speech_text(loc, screen);
	if (speech_log != NULL && *text != '\0') {
		fprintf(speech_log, "[%s voice=%s r%d v%d] %s\n",
		    locale_name(loc), speech_voice_name(loc), rate, volume,
		    text);
		fflush(speech_log);
	}
#ifdef HAVE_SPEECH
	if (!speech_audio || *text == '\0') {
		free(text);
		return;
	}
	es.Cancel();
	/*
	 * espeak-ng copies the voice on each change and frees the copy only
	 * when it speaks; a cancelled change is lost.  Change it only when
	 * the language does, so a kiosk running for weeks does not grow.
	 */
	if (speech_voice != speech_voice_name(loc)) {
		speech_voice = speech_voice_name(loc);
		if (es.SetVoiceByName(speech_voice) != ENS_OK) {
			fprintf(stderr, "speech: espeak-ng has no voice %s\n",
			    speech_voice);
			if (loc != RV_EN)
				es.SetVoiceByName(SPEECH_VOICE_ZH_OLD);
		}
	}
	es.SetParameter(espeakRATE, SPEECH_RATE_MIN +
	    (rate - 1) * SPEECH_RATE_STEP, 0);
	es.SetParameter(espeakVOLUME, volume * SPEECH_VOLUME_STEP, 0);
	es.Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	    espeakCHARS_UTF8, NULL, NULL);
#else
	(void)rate;
	(void)volume;
#endif
	free(text);
}

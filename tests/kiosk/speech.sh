#!/bin/sh
# Speech a Mandarin speaker understands.  A guided zh_CN session at 40x12
# from Welcome to the questions (and a flat locked by wrong codes), a
# guided zh_TW start, and normal mode's spoken hint in the three
# languages, all with RENOVOTE_SPEECH_LOG.  Then every logged line is
# transcribed by espeak-ng with the voice the line names: no transcription
# may switch to English ("(en)"), and no Chinese line may hold a Latin
# letter, a digit, a mask or a URL.  Money and dates are said in words,
# the Welcome lasts under 15 seconds, the answer already chosen is said
# as selected, and quieter as well as louder is offered.

. "$top_srcdir/tests/kiosk/lib.sh"

need espeak-ng

WELCOME_MAX_S=15

check "set up office and kiosk" kiosk_setup
check "espeak-ng has the $ZH_VOICE voice" sh -c \
    "espeak-ng --voices | awk '{ print \$2 }' | grep -qx '$ZH_VOICE'"
LOG="$T/speech.log"

# wav_seconds TEXT VOICE RATE: how long espeak-ng takes to say TEXT at
# the kiosk's rate step (kiosk/speech.c: 100 + 30 per step above 1).
wav_seconds() {
	espeak-ng -v "$2" -s $((100 + ($3 - 1) * 30)) -w "$T/say.wav" "$1" &&
	    python3 -c 'import sys, wave
w = wave.open(sys.argv[1])
print("%.1f" % (w.getnframes() / w.getframerate()))' "$T/say.wav"
}

# --- guided zh_CN at 40x12 -------------------------------------------
start_ui 40 12 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN "Welcome")" "guided welcome"
said "$(spoken zh_CN "$(tr_ zh_CN "Press 1 to start; 2 changes the language, 4 and 5 the speed, 6 and 7 the volume, 0 leaves guided mode.")")"
first=$(head -n 1 "$LOG")
same "the first line names language, voice, rate and volume" \
    "$(printf '%s\n' "$first" | sed 's/\] .*/]/')" "[zh_CN voice=$ZH_VOICE r3 v3]"
secs=$(wav_seconds "$(text_of "$first")" "$(voice_of "$first")" "$(rate_of "$first")")
check "Welcome is said in under $WELCOME_MAX_S s (${secs:-?} s)" \
    awk -v s="${secs:-99}" -v m="$WELCOME_MAX_S" 'BEGIN { exit !(s > 0 && s < m) }'
# 7 quieter, 6 louder again, each said.
keys 7
said "r3 v2] $(spoken zh_CN "$(tr_ zh_CN "Speech volume %d of %d" | sed 's/%d/2/; s/%d/5/')" |
    sed 's/二/两/')"
keys 6
said "$(spoken zh_CN "$(tr_ zh_CN "Speech volume %d of %d" | sed 's/%d/3/; s/%d/5/')")"
# The flat: a page of a list is said in words, not "1/2 · 8".
keys 1
said "$(tr_ zh_CN "Which building do you live in?")"
keys 1
said "$(tr_ zh_CN "Building %s. Which entrance?" | sed 's/%s/一/; s/ //g')"
keys 1
said "第一页，共"
keys 1
said "$(tr_ zh_CN "Your voting code")"
# The owner's masked name is said without its mask.
keys "$(code_of 1-1-101)" Enter
said "$(spoken zh_CN "$(tr_ zh_CN "✔ Thank you, the code is right.")")"
# Money in words: the first item's cost and this flat's share.
check "money is said in words" grep -qE "[零一二三四五六七八九十百千万]+元" "$LOG"
keys 3
said "$(plan_text zh_CN questions.0.title)"
keys 1
said "$(spoken zh_CN "$(tr_ zh_CN "✔ You chose: %s" | sed "s/%s/$(tr_ zh_CN Agree)/")")"
# Back to the first question: the answer chosen is said as selected.
keys 0
said "$(spoken zh_CN "$(tr_ zh_CN "Press %c: %s, selected." | sed "s/%c/1/; s/%s/$(tr_ zh_CN Agree)/")")"

# Wrong codes lock a flat until a time, said in words (the screen shows
# the local time, "请于 14:33 后再试").
start_ui 80 24 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --lang zh_CN
wait_for "$(tr_ zh_CN "Speak quieter")"
keys 1 1 1 2
wait_for "1-1-102"
good=$(code_of 1-1-102)
case "$good" in
*2) bad=$(printf '%s' "$good" | sed 's/.$/3/') ;;
*) bad=$(printf '%s' "$good" | sed 's/.$/2/') ;;
esac
# Each wrong code is answered with a new spoken line; the fifth locks.
n=0
while [ $n -lt 6 ] && ! grep -q "已锁定" "$LOG"; do
	before=$(wc -l <"$LOG")
	keys "$bad" Enter
	n=$((n + 1))
	deadline=$(($(date +%s) + TMUX_WAIT_S))
	while [ "$(wc -l <"$LOG")" -le "$before" ] &&
	    [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.05
	done
done
check "the lockout's time is said in words" \
    grep -qE "已锁定，请于[零一二三四五六七八九十]+点(整|[零一二三四五六七八九十]+分)?后再试" "$LOG"

# --- guided zh_TW ----------------------------------------------------
start_ui 80 24 "RENOVOTE_SPEECH_LOG=$LOG" -- --guided --lang zh_TW
wait_for "$(tr_ zh_TW "Speak quieter")"
said "$(spoken zh_TW "$(tr_ zh_TW "Press 1 to start; 2 changes the language, 4 and 5 the speed, 6 and 7 the volume, 0 leaves guided mode.")")"
keys 1 1 1
said "第一頁，共兩頁"
check "zh_TW is said with the Mandarin voice" grep -qF "[zh_TW voice=$ZH_VOICE r3 v3]" "$LOG"

# --- normal mode: the hint for guided mode, in each language -----------
start_ui 40 12 "RENOVOTE_SPEECH_LOG=$LOG" -- --lang zh_CN
wait_for "$(tr_ zh_CN "Press 2 to hear spoken guidance.")"
said "$(spoken zh_CN "$(tr_ zh_CN "Press 2 to hear spoken guidance.")")"
same "the hint is what the zh_CN catalogue says" \
    "$(spoken zh_CN "$(tr_ zh_CN "Press 2 to hear spoken guidance.")")" "请按二听语音引导。"
keys L
said "$(spoken zh_TW "$(tr_ zh_TW "Press 2 to hear spoken guidance.")")"
keys L
said "$(tr_ en "Press 2 to hear spoken guidance.")"
check "English is said with the en voice" grep -q '^\[en voice=en r3 v3\] ' "$LOG"
# The message ("English") has the line until the next key; 9 repeats.
keys 9
wait_for "Press 2 to hear spoken guidance."
fits

# --- every line: Mandarin stays Mandarin --------------------------------
speech_log_check "$LOG"
check "enough lines said ($lines)" [ "$lines" -ge 15 ]
check "zh_CN, zh_TW and en lines all said" sh -c \
    "grep -q '^\[zh_CN ' '$LOG' && grep -q '^\[zh_TW ' '$LOG' && grep -q '^\[en ' '$LOG'"
# The check above can fail: the voice espeak-ng 1.51 calls cmn does
# switch to English for Chinese characters.
check "the cmn voice would have failed" sh -c \
    "espeak-ng -q -x -v cmn '你好' | grep -qF '(en)'"

[ "$fails" -eq 0 ] || { echo "speech log:"; cat "$LOG"; } >&2
kiosk_done

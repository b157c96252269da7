/*
 * Spoken text (kiosk/speech-text.c): numbers, dates and money as Chinese
 * words, masks, URLs and marks not read, no Latin letter left in Chinese,
 * page numbers and key hints in words; English keeps its digits.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "test.h"

/* speech_text(loc, in) is want. */
static void
check_said(enum rv_locale loc, const char *in, const char *want)
{
	char	*got = speech_text(loc, in);

	CHECK_STR_EQ(got, want);
	free(got);
}

/* Does the Chinese text of in contain no ASCII letter, '*' or digit? */
static int
clean_zh(const char *in)
{
	char	*got = speech_text(RV_ZH_CN, in);
	size_t	 i;
	int	 ok = 1;

	for (i = 0; got[i] != '\0'; i++) {
		if ((got[i] >= 'a' && got[i] <= 'z') ||
		    (got[i] >= 'A' && got[i] <= 'Z') ||
		    (got[i] >= '0' && got[i] <= '9') || got[i] == '*')
			ok = 0;
	}
	if (!ok)
		fprintf(stderr, "not clean: \"%s\" -> \"%s\"\n", in, got);
	free(got);
	return ok;
}

/* Numbers, dates, times and money in Chinese words. */
static void
test_numbers(void)
{
	TEST_BEGIN("numbers");
	check_said(RV_ZH_CN, "0", "零");
	check_said(RV_ZH_CN, "共 21 个项目", "共二十一个项目");
	check_said(RV_ZH_CN, "12", "十二");
	check_said(RV_ZH_CN, "再输错 2 次", "再输错两次");
	check_said(RV_ZH_CN, "第 2 题", "第二题");
	check_said(RV_ZH_CN, "2 号楼", "二号楼");
	check_said(RV_ZH_TW, "2 個", "兩個");
	check_said(RV_ZH_CN, "101", "一百零一");
	check_said(RV_ZH_CN, "110", "一百一十");
	check_said(RV_ZH_CN, "2026", "二千零二十六");
	check_said(RV_ZH_CN, "100005", "十万零五");
	check_said(RV_ZH_CN, "264000", "二十六万四千");
	check_said(RV_ZH_CN, "120,000,000", "一亿二千万");
	check_said(RV_ZH_CN, "264000", "二十六万四千");
	check_said(RV_ZH_CN, "代码 12345678", "代码一二三四五六七八");
	check_said(RV_ZH_CN, "1 2 3 4", "一二三四");
	check_said(RV_ZH_CN, "52.36", "五十二点三六");
	check_said(RV_ZH_CN, "30%", "百分之三十");
	check_said(RV_ZH_CN, "0123", "零一二三");
	check_said(RV_ZH_CN, "1234567890123", "一二三四五六七八九零一二三");
	check_said(RV_ZH_CN, "39,298.00 元", "三万九千二百九十八元");
	check_said(RV_ZH_CN, "39298.27 元", "三万九千二百九十八元二角七分");
	check_said(RV_ZH_CN, "523.60 元", "五百二十三元六角");
	check_said(RV_ZH_CN, "3.05 元", "三元零五分");
	check_said(RV_ZH_CN, "0.00 元", "零元");
	check_said(RV_ZH_CN, "0.50元", "五角");
	check_said(RV_ZH_TW, "39,298.00 元", "三萬九千二百九十八元");
	check_said(RV_ZH_CN, "2026-12-04", "二零二六年十二月四日");
	check_said(RV_ZH_CN, "截止时间：2026-12-07 14:14。",
	    "截止时间：二零二六年十二月七日十四点十四分。");
	check_said(RV_ZH_CN, "2026-12-04T22:54:27.900+08:00",
	    "二零二六年十二月四日二十二点五十四分");
	check_said(RV_ZH_CN, "9:00", "九点整");
	check_said(RV_ZH_CN, "2026年12月4日", "二零二六年十二月四日");
	check_said(RV_ZH_CN, "1-2-101 室", "一杠二杠一零一室");
	check_said(RV_ZH_CN, "101 室", "一零一室");
	check_said(RV_ZH_TW, "1-2-101 室", "一槓二槓一零一室");
	check_said(RV_ZH_CN, "52.36 平方米 × 每平方米 0.00 元",
	    "五十二点三六平方米乘每平方米零元");
}

/* Pages, key hints, marks, masks, URLs and Latin letters. */
static void
test_marks(void)
{
	TEST_BEGIN("marks");
	check_said(RV_ZH_CN, "第 1/2 页 · 8 翻页", "第一页，共两页。按八：翻页");
	check_said(RV_ZH_TW, "第 1/2 頁 · 8 翻頁", "第一頁，共兩頁。按八：翻頁");
	check_said(RV_ZH_CN, "回执 1 / 5：", "回执一，共五：");
	check_said(RV_ZH_CN, "✔ 您选择了：同意", "您选择了：同意");
	check_said(RV_ZH_CN, "业主：许**   面积：48.90 平方米",
	    "业主：许，面积：四十八点九平方米");
	check_said(RV_ZH_CN, "表决码：****", "表决码：");
	check_said(RV_ZH_CN, "查询页面是 https://office.example.cn/r/AB12C。",
	    "查询页面是。");
	check_said(RV_ZH_CN, "请输入居委会 PIN 码并按回车键。",
	    "请输入居委会密码并按回车键。");
	check_said(RV_ZH_TW, "PIN 碼：", "密碼：");
	check_said(RV_ZH_CN, "导出到U盘", "导出到优盘");
	check_said(RV_ZH_CN, "面积 52.36 m²", "面积五十二点三六平方米");
	check_said(RV_ZH_CN, "回执：MF8ES-DGX5G 凭此", "回执：凭此");
	check_said(RV_ZH_CN, "6EKX3-1PZSQ", "");
	check_said(RV_ZH_CN, "项目 Q-ROOF 的", "项目的");
	check_said(RV_ZH_CN, "★1 ◆ ○ ✎ ✖ 关闭", "一，关闭");
	check_said(RV_ZH_CN, "✎ 甲：同意（新） ✎ 乙：不同意（新）",
	    "甲：同意（新），乙：不同意（新）");
	check_said(RV_ZH_CN, "回执 1 / 5：   MF8ES-DGX5G 凭此。",
	    "回执一，共五：凭此。");
	check_said(RV_ZH_CN, "  欢迎 。 \n 东风", "欢迎。东风");
	CHECK(clean_zh("第 3 步，共 30 步。 ✔ 谢谢，表决码正确。 总造价："
	    "264000.00 元。 您家约出资 0.00 元（52.36 平方米 × 每平方米 0.00 "
	    "元）。 回执 1 / 5：   MF8ES-DGX5G https://x.cn/r/MF8ES-DGX5G "
	    "第 1/2 页 · 8 翻页 PIN 码 Esc 5G 58万元 ISO8601 id=3"));
}

/* English keeps its digits, drops what is not read. */
static void
test_english(void)
{
	TEST_BEGIN("english");
	check_said(RV_EN, "Answers are taken until 2026-12-07 14:14.",
	    "Answers are taken until 7 December 2026, 14:14.");
	check_said(RV_EN, "Total cost: 264000.00 yuan.",
	    "Total cost: 264000 yuan.");
	check_said(RV_EN, "39,298.27 yuan", "39298.27 yuan");
	check_said(RV_EN, "Page 1 of 2 · 8 next page",
	    "Page 1 of 2. Press 8: next page");
	check_said(RV_EN, "Receipt 1 / 5:", "Receipt 1 of 5:");
	check_said(RV_EN, "✔ You chose: Agree", "You chose: Agree");
	check_said(RV_EN, "Owner: X** Area: 52.36 m²",
	    "Owner: X Area: 52.36 square metres");
	check_said(RV_EN, "see https://office.example.cn/r/AB. Thanks",
	    "see. Thanks");
	check_said(RV_EN, "Flat 1-2-101", "Flat 1-2-101");
}

int
main(void)
{
	test_numbers();
	test_marks();
	test_english();
	return test_done("test-speech");
}

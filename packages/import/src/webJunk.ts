import { parseHeading } from './headings.js';

/**
 * Lines that scraping a government web page adds around a report: breadcrumbs, the article's meta line,
 * font-size and print buttons, share bars, previous/next links, footers. Each rule gives the Chinese
 * reason the secretary sees beside the removed line.
 */

/** A page furniture line is short; a long line that mentions 来源 or 打印 is body text. */
const MAX_LENGTH = 120;

const RULES: ReadonlyArray<{ reason: string; re: RegExp }> = [
  // 您现在的位置：首页 > 政务公开 > …; 当前位置 首页 >专题范文 >; 首页 > … > 正文; 热门搜索：
  {
    reason: '网页导航',
    re: /^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置\s*[:：]?\s*(?:首页|$)|^(?:您|你)(?:现在|当前)?(?:所在)?的?位置\s*[:：]|^当前位置\s*[:：]|^首页\s*(?:[>＞»›/|]|&gt;)|^(?:[^>＞»›]{1,20}\s*[>＞»›]\s*){2,}[^>＞»›]{0,40}$|^热门搜索\s*[:：]?/,
  },
  // 来源：XX区政府办 发布时间：2023-02-01 浏览次数：123; 新闻来源:; 作者：; 责任编辑：; 2010/1/6 16:43:13 次浏览
  {
    reason: '网页信息',
    re: /^(?:信息|新闻|文章|稿件|消息)?来源\s*[:：]|^(?:发布|发表|更新|成文|归档|录入)(?:时间|日期)\s*[:：]|(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*(?:[:：]\s*[-\d]*|\d+)\s*次?$|^(?:作者|撰稿|责任编辑|编辑|审核|校对|供稿|摄影)\s*[:：]|^(?:时间|日期)\s*[:：]\s*\d{4}[-年/.]|^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:\S+\s*)?(?:次浏览|来源|分类|浏览)|^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?:信息|新闻|文章)?来源\s*[:：]/,
  },
  // The government disclosure catalogue box: 索引号：… 发文字号：… 主题分类：…
  {
    reason: '网页信息',
    re: /^[•·]?\s*(?:索引号|主题分类|主题词|发文机构|发布机构|发文字号|发文日期|成文日期|有效性|发布日期|内容概述|公开方式|公开范围|公开时限|信息分类|体裁分类|组配分类|所属机构|信息名称|生成日期|文\s*号)\s*[:：]/,
  },
  // 【字体：大 中 小】 字号：T|T 字号:〖大 中 小〗; 【打印本页】【关闭窗口】; 保存本页 返回顶部; 视力保护色
  {
    reason: '网页按钮',
    re: /字[体号]\s*[:：]?\s*[【[〖\s]*[大默小][】\]〗\s]*[【[〖\s]*中|^[【[]?\s*(?:打印(?:本页|此页|文章|页面|本稿)?|关闭(?:窗口|本页|页面)?|返回(?:顶部|首页|列表)?|收藏(?:本页)?|加入收藏|保存(?:本页)?|纠错|我要纠错|我要打印|视力保护色|TOP)\s*[】\]]?(?:\s*[【[]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回(?:顶部)?|收藏(?:本页)?|保存(?:本页)?|纠错|我要纠错)\s*[】\]]?)*$|是否打开信息无障碍浏览|^无障碍(?:浏览|阅读)?$/,
  },
  // 分享到：微信 微博; 扫一扫在手机打开当前页; 扫码查看手机版; 赞赏; 登录 | 注册; 用手机看
  {
    reason: '分享与登录',
    re: /^分享到|^分享\s*[:：]|^分享$|^(?:微信)?扫一扫|扫一扫(?:在手机|分享|打开|用手机)|扫码查看|^赞赏(?:$|作者|支持|一下)|^(?:登录|注册)(?:\s*[|｜/]\s*(?:登录|注册))?$|^用手机(?:看|浏览|打开)/,
  },
  // 本页约3200字，阅读约需8分钟
  { reason: '网页信息', re: /^本(?:页|文)(?:约|共)?\s*\d+\s*字|阅读(?:需要|大约|约需|时间约?|约)\s*\d+\s*分钟/ },
  // 上一篇：… 下一篇：…
  { reason: '上一篇/下一篇', re: /^(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]?/ },
  // 版权所有 © XX区人民政府 ICP备; 主办单位 承办 技术支持 网站标识码 公网安备 联系我们 网站地图
  {
    reason: '网页页脚',
    re: /版权所有|[Cc]opyright|©|ICP[备证]|网站标识码|公网安备|^主办(?:单位)?\s*[:：]|^承办(?:单位)?\s*[:：]|^技术支持\s*[:：]|^(?:联系我们|网站地图|关于我们|网站声明|隐私声明|友情链接)(?:\s*[|｜:：]\s*\S*)*$/,
  },
  // 相关链接 / 相关阅读 / 相关文章 (the list headers; their items are other pages' titles)
  { reason: '网页导航', re: /^(?:相关(?:链接|阅读|文章|新闻|报道|文件|稿件|信息)|热点(?:新闻|推荐)|推荐阅读|猜你喜欢|赞助推荐)\s*[:：]?$/ },
  // A WeChat article copied whole: 点击上方蓝字关注我们, 来源 | XX发布, 阅读原文, 在看, 长按识别二维码
  {
    reason: '公众号文章',
    re: /^(?:点击上方|点击蓝字|关注我们$|阅读原文$|在看$|点赞$|分享$|收藏$|长按(?:识别)?(?:二维码|图片)|识别二维码|喜欢此内容的人还喜欢|预览时标签不可点|继续滑动看下一个|向上滑动看下一个|轻触阅读原文|微信扫一扫关注该公众号)|^(?:来源|编辑|审核|责编|校对|排版|监制|出品|图片|图文|文字|作者)\s*[|｜]\s*\S+/,
  },
  // 范文网站: 以下是为大家整理的…欢迎大家前来参考查阅！
  { reason: '广告', re: /为大家整理的|欢迎大家前来参考|本文(?:由|来自)(?:网友|用户)投稿|来源\s*[:：]?\s*网友投稿/ },
];

/** Page furniture of a document converted from PDF or Word: page numbers and a table of contents. */
const PAGE_NUMBER = /^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;
/** A table-of-contents entry: leader dots (or …) then a page number; or the 目录 heading itself. */
const TOC = /^目\s*录$|(?:[.．·…]{3,}|\s{2,})\s*\d{1,3}$/;

/** A document's colophon (版记): 抄送：…, XX区人民政府办公室 2023年2月1日印发, （共印50份）. */
const COLOPHON = /^抄\s*送\s*[:：]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$|^[（(]?共印\s*\d+\s*份[）)]?$/;

/** The note under a document's date: （此件公开发布）, （此件主动公开）. */
const NOTE = /^[（(]\s*此件[^（）()]{2,10}[）)]$/;

/** The reason a line is furniture of a converted document (页码, 目录, 版记, 附注), or null. */
export function pageJunkReason(line: string): string | null {
  if (line.length > 80) return null;
  if (PAGE_NUMBER.test(line)) return '页码';
  if (COLOPHON.test(line)) return '版记';
  if (NOTE.test(line)) return '附注';
  if (TOC.test(line) && !/[。；，]/.test(line)) return '目录';
  return null;
}

/** Words of a government site's menu bar. */
const MENU_WORD = /首页|政务公开|政务服务|互动交流|新闻中心|信息公开|网站地图|走进|概况|办事服务|政民互动|专题专栏|数据开放/;

/** A menu bar: four or more short items (首页 政务公开 政务服务 互动交流), no digits or punctuation, a menu word among them. */
function isMenu(line: string): boolean {
  if (!MENU_WORD.test(line) || /[0-9，。、；：:,.]/.test(line)) return false;
  const items = line.split(/\s*[|｜·•]\s*|\s+/).filter((t) => t.length > 0);
  return items.length >= 4 && items.every((t) => t.length <= 8);
}

/** Article meta words: a short line with two of them (发布时间 … 来源 … 浏览) is the page's info bar. */
const META_WORDS = /来源\s*[:：]|发布(?:时间|日期)\s*[:：]|浏览|点击量|点击数|作者\s*[:：]|责任编辑|字号|字体|阅读量|访问量/g;

/** The reason a line is page furniture of a scraped web page, or null for report text. */
export function webJunkReason(line: string): string | null {
  if (line.length === 0 || line.length > MAX_LENGTH) return null;
  // A numbered heading is the report's own, whatever words it uses (（三）提升网站访问量).
  if (parseHeading(line)) return null;
  for (const { reason, re } of RULES) if (re.test(line)) return reason;
  if (isMenu(line)) return '网页导航';
  const meta = line.match(META_WORDS);
  if (meta && meta.length >= 2 && line.length <= 80) return '网页信息';
  return null;
}

/**
 * Lines that scraping a government web page adds around a report: breadcrumbs, the article's meta line,
 * font-size and print buttons, share bars, previous/next links, footers. Each rule gives the Chinese
 * reason the secretary sees beside the removed line.
 */

/** A page furniture line is short; a long line that mentions 来源 or 打印 is body text. */
const MAX_LENGTH = 120;

const RULES: ReadonlyArray<{ reason: string; re: RegExp }> = [
  // 您现在的位置：首页 > 政务公开 > …; 当前位置：; 首页 > … > 正文
  { reason: '网页导航', re: /^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置\s*[:：]|^首页\s*(?:[>＞»›/|]|&gt;)|(?:[>＞»›]\s*[^>＞»›]{1,20}\s*){2,}$/ },
  // 来源：XX区政府办 发布时间：2023-02-01 浏览次数：123; 作者：; 信息来源：; 责任编辑：
  {
    reason: '网页信息',
    re: /^(?:信息)?来源\s*[:：]|^(?:发布|发表|更新|成文)(?:时间|日期)\s*[:：]|(?:浏览|阅读|点击|访问)(?:次数|量|数)\s*[:：]?\s*\d*\s*(?:次)?$|^(?:作者|文章来源|责任编辑|编辑|审核|校对|供稿)\s*[:：]|^(?:时间|日期)\s*[:：]\s*\d{4}[-年/.]/,
  },
  // 【字体：大 中 小】 字号：T|T; 【打印本页】【关闭窗口】; 保存本页 返回顶部
  {
    reason: '网页按钮',
    re: /字[体号]\s*[:：]?\s*[【[\s]*[大默][】\]\s]*[【[\s]*中|^[【[]?\s*(?:打印(?:本页|此页|文章|页面)?|关闭(?:窗口|本页|页面)?|返回(?:顶部|首页|列表)?|收藏(?:本页)?|加入收藏|保存(?:本页)?|纠错|我要纠错|视力保护色)\s*[】\]]?(?:\s*[【[]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回(?:顶部)?|收藏(?:本页)?|保存(?:本页)?|纠错)\s*[】\]]?)*$|^\s*\[?\s*(?:打印|关闭)\s*\]?\s*$/,
  },
  // 分享到：微信 微博; 扫一扫在手机打开当前页; 赞赏; 登录 | 注册; 用手机看
  {
    reason: '分享与登录',
    re: /^分享(?:到)?\s*[:：]?|^(?:微信)?扫一扫|扫一扫(?:在手机|分享|打开|用手机)|^赞赏|^(?:登录|注册)(?:\s*[|｜/]\s*(?:登录|注册))?$|^用手机(?:看|浏览|打开)/,
  },
  // 本页约3200字，阅读约需8分钟
  { reason: '网页信息', re: /^本(?:页|文)(?:约|共)?\s*\d+\s*字|阅读(?:需要|大约|约需|时间约?|约)\s*\d+\s*分钟/ },
  // 上一篇：… 下一篇：…
  { reason: '上一篇/下一篇', re: /^(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]?/ },
  // 版权所有 © XX区人民政府 ICP备; 主办单位 承办 技术支持 网站标识码 公网安备 联系我们 网站地图
  {
    reason: '网页页脚',
    re: /版权所有|[Cc]opyright|©|ICP[备证]|网站标识码|公网安备|^主办(?:单位)?\s*[:：]|^承办(?:单位)?\s*[:：]|^技术支持\s*[:：]|^(?:联系我们|网站地图|关于我们|网站声明|隐私声明)(?:\s*[|｜]\s*\S+)*$/,
  },
  // 相关链接 / 相关阅读 / 相关文章 (the list headers; their items are other pages' titles)
  { reason: '网页导航', re: /^(?:相关(?:链接|阅读|文章|新闻|文件|稿件|信息)|热点(?:新闻|推荐)|推荐阅读|猜你喜欢)\s*[:：]?$/ },
];

/** The reason a line is page furniture of a scraped web page, or null for report text. */
export function webJunkReason(line: string): string | null {
  if (line.length === 0 || line.length > MAX_LENGTH) return null;
  for (const { reason, re } of RULES) if (re.test(line)) return reason;
  return null;
}

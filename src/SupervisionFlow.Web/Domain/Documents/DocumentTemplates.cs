using DocumentFormat.OpenXml.Wordprocessing;
using static SupervisionFlow.Web.Domain.Documents.DocxBuilder;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// One kind of generated document: its file under <c>workflows/templates/</c>, the placeholders a template of it may
/// use (<see cref="Fields"/> are text, <see cref="Blocks"/> stand alone in a paragraph and become a table), and the
/// built-in default from which the committed file was written.
/// </summary>
public sealed record DocumentTemplate(string Key, string Name, IReadOnlyList<string> Fields, IReadOnlyList<string> Blocks, Func<byte[]> BuildDefault)
{
    public string FileName => $"{Key}.docx";

    public bool Knows(string placeholder) => Fields.Contains(placeholder) || Blocks.Contains(placeholder);

    public IEnumerable<string> AllPlaceholders => Fields.Concat(Blocks);
}

/// <summary>The documents the system generates and their default templates.</summary>
public static class DocumentTemplates
{
    public static DocumentTemplate ReplyLetter { get; } = new(
        "reply-letter", "答复函",
        ["单位名称", "文号", "代表姓名", "建议编号", "建议标题", "答复类别", "答复类别说明", "答复正文", "联系人", "联系电话", "签发人", "日期", "抄送", "草稿标记"],
        [], BuildReplyLetter);

    public static DocumentTemplate AssignmentLetter { get; } = new(
        "assignment-letter", "交办函",
        ["发文机关", "单位名称", "交办会名称", "交办日期", "件数", "答复期限", "日期"],
        ["建议列表"], BuildAssignmentLetter);

    public static DocumentTemplate DeputyLetter { get; } = new(
        "deputy-letter", "一人一函",
        ["发文机关", "代表姓名", "代表团", "件数", "日期"],
        ["建议列表"], BuildDeputyLetter);

    public static DocumentTemplate AnnualReport { get; } = new(
        "annual-report", "年度办理工作报告",
        ["发文机关", "年度", "届次会次", "建议总数", "大会建议数", "闭会建议数", "承办单位数", "办结数", "办结率", "A类数", "A类占比", "B类数", "B类占比", "C类数", "C类占比", "满意数", "满意率", "基本满意数", "基本满意率", "不满意数", "调研形成数", "调研形成占比", "日期"],
        ["类别统计表", "答复类别统计表", "满意度统计表", "单位考核表"], BuildAnnualReport);

    public static IReadOnlyList<DocumentTemplate> All { get; } = [ReplyLetter, AssignmentLetter, DeputyLetter, AnnualReport];

    public static DocumentTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);

    private static byte[] BuildReplyLetter() => Create(body =>
    {
        body.Append(Paragraph(JustificationValues.Center, Run("{{单位名称}}", TitleFont, 52, bold: true, color: "C00000")));
        body.Append(RedRule(Paragraph(JustificationValues.Right, Run("{{文号}}"))));
        body.Append(Paragraph(JustificationValues.Right, Run("答复类别：{{答复类别}}")));
        body.Append(Paragraph(JustificationValues.Left, Run("{{草稿标记}}", bold: true, color: "C00000")));
        body.Append(Title("对{{建议编号}}的答复"));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Left, Run("{{代表姓名}}代表：")));
        body.Append(BodyParagraph("您提出的《{{建议标题}}》（{{建议编号}}）收悉。现答复如下："));
        body.Append(BodyParagraph("{{答复正文}}"));
        body.Append(BodyParagraph("本建议的办理结果为{{答复类别}}类（{{答复类别说明}}）。感谢您对我们工作的关心和支持。"));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Right, Run("签发人：{{签发人}}")));
        body.Append(Paragraph(JustificationValues.Right, Run("{{单位名称}}")));
        body.Append(Paragraph(JustificationValues.Right, Run("{{日期}}")));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Left, Run("联系人：{{联系人}}　　联系电话：{{联系电话}}", size: 28)));
        body.Append(Paragraph(JustificationValues.Left, Run("抄送：{{抄送}}", size: 28)));
    });

    private static byte[] BuildAssignmentLetter() => Create(body =>
    {
        body.Append(RedRule(Paragraph(JustificationValues.Center, Run("{{发文机关}}", TitleFont, 52, bold: true, color: "C00000"))));
        body.Append(Title("代表建议交办函"));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Left, Run("{{单位名称}}：")));
        body.Append(BodyParagraph("经{{交办会名称}}（{{交办日期}}）研究，现将以下{{件数}}件代表建议交由你单位办理。请按照代表法第五十一条的规定，在{{答复期限}}前书面答复代表，并抄送本机关。"));
        body.Append(Paragraph(JustificationValues.Left, Run("{{建议列表}}")));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Right, Run("{{发文机关}}")));
        body.Append(Paragraph(JustificationValues.Right, Run("{{日期}}")));
    });

    private static byte[] BuildDeputyLetter() => Create(body =>
    {
        body.Append(Title("代表建议交办情况告知函"));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Left, Run("{{代表姓名}}代表（{{代表团}}）：")));
        body.Append(BodyParagraph("您领衔提出的{{件数}}件建议已交办，承办单位及答复期限如下。承办单位将在办理中与您联系沟通，办理情况可在代表之窗随时查看。"));
        body.Append(Paragraph(JustificationValues.Left, Run("{{建议列表}}")));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Right, Run("{{发文机关}}")));
        body.Append(Paragraph(JustificationValues.Right, Run("{{日期}}")));
    });

    private static byte[] BuildAnnualReport() => Create(body =>
    {
        body.Append(Title("关于{{年度}}年代表建议办理工作情况的报告"));
        body.Append(Paragraph(JustificationValues.Center, Run("{{发文机关}}", size: 28)));
        body.Append(Empty());
        body.Append(BodyParagraph("{{届次会次}}以来，代表共提出建议{{建议总数}}件（其中大会建议{{大会建议数}}件，闭会建议{{闭会建议数}}件），分别交由{{承办单位数}}家单位研究办理，已办结{{办结数}}件，办结率{{办结率}}。"));
        body.Append(BodyParagraph("从建议类别看，各类别件数及占比如下："));
        body.Append(Paragraph(JustificationValues.Left, Run("{{类别统计表}}")));
        body.Append(BodyParagraph("从形成来源看，在专题调研、集中视察、代表小组活动以及座谈走访等基础上形成的建议有{{调研形成数}}件，占建议总数的{{调研形成占比}}。"));
        body.Append(BodyParagraph("在已办结的建议中，已经解决或基本解决的{{A类数}}件，占{{A类占比}}；已列入计划逐步解决的{{B类数}}件，占{{B类占比}}；受客观条件限制暂时难以解决的{{C类数}}件，占{{C类占比}}。"));
        body.Append(Paragraph(JustificationValues.Left, Run("{{答复类别统计表}}")));
        body.Append(BodyParagraph("代表对办理结果满意{{满意数}}件，占{{满意率}}；基本满意{{基本满意数}}件，占{{基本满意率}}；不满意{{不满意数}}件。"));
        body.Append(Paragraph(JustificationValues.Left, Run("{{满意度统计表}}")));
        body.Append(BodyParagraph("承办单位办理工作考核结果如下："));
        body.Append(Paragraph(JustificationValues.Left, Run("{{单位考核表}}")));
        body.Append(Empty());
        body.Append(Paragraph(JustificationValues.Right, Run("{{日期}}")));
    });
}

namespace SupervisionFlow.Web.Features.Import;

/// <summary>
/// One suggestion to import, as text the way a spreadsheet or a session's submission system holds it.
/// <see cref="RowNumber"/> is what the user sees: the worksheet row, or the 1-based position in a JSON array.
/// <see cref="LeadDeputy"/> and <see cref="CoSigners"/> hold deputy ids or names; co-signers are separated by
/// 、 , ， ; ； or spaces.
/// </summary>
public sealed record ImportRow(
    int RowNumber,
    string? Kind,
    string? Term,
    string? Session,
    string? Title,
    string? Content,
    string? Category,
    string? FormedBy,
    string? LeadDeputy,
    string? CoSigners,
    string? Disclosure,
    string? ReferenceOnly);

/// <summary>A field of <see cref="ImportRow"/>: its API name and its column header in the import workbook.</summary>
public sealed record ImportField(string Name, string Column)
{
    public static readonly ImportField Kind = new("kind", "类型");
    public static readonly ImportField Term = new("term", "届次");
    public static readonly ImportField Session = new("session", "会次");
    public static readonly ImportField Title = new("title", "标题");
    public static readonly ImportField Content = new("content", "内容");
    public static readonly ImportField Category = new("category", "类别");
    public static readonly ImportField FormedBy = new("formedBy", "形成方式");
    public static readonly ImportField LeadDeputy = new("leadDeputyId", "领衔代表");
    public static readonly ImportField CoSigners = new("coSignerIds", "附议代表");
    public static readonly ImportField Disclosure = new("disclosure", "公开意见");
    public static readonly ImportField ReferenceOnly = new("referenceOnly", "仅供参考");

    /// <summary>Not a field: the file or the batch as a whole.</summary>
    public static readonly ImportField File = new("file", "文件");

    /// <summary>The workbook's columns in the order the template lists them.</summary>
    public static IReadOnlyList<ImportField> Columns { get; } =
        [Term, Session, Kind, Title, Content, Category, FormedBy, LeadDeputy, CoSigners, Disclosure, ReferenceOnly];
}

/// <summary>What is wrong with one field of one row, in Chinese for the person who filled in the sheet.</summary>
public sealed record ImportError(int Row, string Field, string Column, string Message)
{
    public ImportError(int row, ImportField field, string message)
        : this(row, field.Name, field.Column, message)
    {
    }

    public override string ToString() => Row > 0 ? $"第{Row}行“{Column}”：{Message}" : $"{Column}：{Message}";
}

/// <summary>A suggestion the import filed.</summary>
public sealed record ImportedSuggestion(int Row, int Id, int Number, string DisplayNumber, string Title);

/// <summary>The batch was refused as a whole; <see cref="Errors"/> lists every bad row. Nothing was imported.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportError> errors)
    : Exception($"导入未执行，共 {errors.Count} 处错误：" + string.Join("；", errors.Take(20)))
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

namespace SupervisionFlow.Web.Domain.Directory;

// The people and bodies a suggestion passes between. Ids of units, committees and leaders are short codes
// because they appear in task candidate groups (unit:jtj, committee:cjw, leader:wang).

/// <summary>A people's congress deputy (代表).</summary>
public sealed class Deputy
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>代表团 (delegation), e.g. 锦江区代表团.</summary>
    public required string Delegation { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    /// <summary>The deputy's login, when the deputy uses the portal.</summary>
    public string? UserName { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>A handling unit (承办单位): a government department, court, procuratorate or other body.</summary>
public sealed class HandlingUnit
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>政府部门 / 法院 / 检察院 / 其他.</summary>
    public required string Kind { get; set; }

    public string? ContactName { get; set; }

    public string? Phone { get; set; }

    /// <summary>Where the unit's task mail goes (its handlers' shared mailbox).</summary>
    public string? Email { get; set; }

    /// <summary>The unit head (单位负责人) who signs replies and receives overdue reminders.</summary>
    public string? HeadName { get; set; }

    public string? HeadEmail { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>A special committee (专门委员会) that supervises suggestions in its field.</summary>
public sealed class Committee
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The suggestion categories it supervises, comma-separated.</summary>
    public string? Fields { get; set; }

    public string? Email { get; set; }
}

/// <summary>A leader who leads or supervises key suggestions (主任会议成员 or a government leader).</summary>
public sealed class Leader
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Title { get; set; }

    /// <summary>主任会议成员 / 政府领导.</summary>
    public required string Kind { get; set; }

    public string? Email { get; set; }
}

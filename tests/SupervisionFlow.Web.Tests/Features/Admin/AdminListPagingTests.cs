using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin;

/// <summary>用户管理 pages by keyset (pages of 4 over the test world's accounts): every account once, in name order.</summary>
public sealed partial class AdminListPagingTests
{
    [Fact]
    public async Task Users_MoreThanAPage_PagesShowEveryAccountOnceAndTheLastPageTheLastName()
    {
        await using var world = await WebWorld.StartAsync(new Dictionary<string, string?> { ["Lists:UsersPageSize"] = "4" });
        List<string> expected;
        using (var scope = world.Services.CreateScope())
        {
            expected = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AppUser>()
                .OrderBy(u => u.UserName).Select(u => u.Id).ToListAsync();
        }
        var client = await world.ClientAsAsync("sysadmin");

        var page = await GetAsync(client, "/Admin/Users");
        var first = page;
        var seen = new List<string>(UserIds(page));
        while (Link(page, "next") is { } next)
        {
            page = await GetAsync(client, next);
            seen.AddRange(UserIds(page));
        }
        var last = await GetAsync(client, Link(first, "last")!);

        var pages = (expected.Count + 3) / 4;
        Assert.True(pages >= 3, $"{expected.Count} accounts");
        Assert.Contains($"第 1 / {pages} 页（共 {expected.Count} 条）", first);
        Assert.Equal(expected, seen);
        Assert.Equal(expected[^1], UserIds(last)[^1]);
        Assert.Equal(expected.Count - ((pages - 1) * 4), UserIds(last).Count);
        Assert.Contains($"第 {pages} / {pages} 页", last);
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static List<string> UserIds(string html) => [.. EditLink().Matches(html).Select(m => m.Groups[1].Value)];

    private static string? Link(string html, string rel)
    {
        var match = Regex.Match(html, $"<a class=\"btn\" href=\"([^\"]+)\" rel=\"{rel}\">");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("href=\"/Admin/Users/([0-9a-f-]{36})\"")]
    private static partial Regex EditLink();
}

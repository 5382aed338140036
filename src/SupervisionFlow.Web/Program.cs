using SupervisionFlow.Web;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.ApiReference;
using SupervisionFlow.Web.Features.Designer;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Features.SuggestionsApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddSupervisionFlow();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseEngineApiErrors();
app.UseWebPages();
app.UseBrowserLibraries();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthEndpoints();
app.MapOpenApi();
app.MapApiReference();
app.MapEngineApi();
app.MapSuggestionsApi();
app.MapRazorPages();

await app.InitializeAsync();
await app.RunAsync();

/// <summary>The host's entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can start it in tests.</summary>
public partial class Program;

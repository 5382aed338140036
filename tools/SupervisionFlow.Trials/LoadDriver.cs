using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SupervisionFlow.Trials;

/// <summary>
/// A realistic office load through <c>/api/engine</c>: cases filed, steps claimed and completed, receipts correlated,
/// the manual clock moved so timers and deadlines fall due. Requests may fail while a node is down; only a 2xx
/// answer goes into the <see cref="Ledger"/>.
/// </summary>
public sealed class LoadDriver(Random random, Ledger ledger, TrialClock clock, Func<IReadOnlyList<HttpClient>> liveNodes, int trial)
{
    private int _filed;

    public static HttpClient ClientFor(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Add("X-Api-Key", HostProcess.ApiKey);
        return client;
    }

    public static async Task DeployAsync(HttpClient client)
    {
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Processes", "trial-handling.bpmn"));
        using var response = await client.PostAsync(new Uri("/api/engine/deployments", UriKind.Relative), new StringContent(xml, Encoding.UTF8, "application/xml"));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Deploying the trial process: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>One worker's loop until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var nodes = liveNodes();
            if (nodes.Count == 0)
            {
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            HttpClient node;
            int roll;
            lock (random)
            {
                node = nodes[random.Next(nodes.Count)];
                roll = random.Next(100);
            }
            Interlocked.Increment(ref ledger.Requests);
            try
            {
                if (roll < 25)
                {
                    await FileAsync(node);
                }
                else if (roll < 75)
                {
                    await CompleteOneAsync(node);
                }
                else if (roll < 90)
                {
                    await AcknowledgeAsync(node);
                }
                else if (roll < 96)
                {
                    await clock.AdvanceAsync(TimeSpan.FromHours(2));
                }
                else
                {
                    // Reminders of the tasks the moved clock made due or overdue: outbox rows the books count at the
                    // SMTP server (the host's own scan is minute-grained, longer than most trials' load).
                    using var scan = await node.PostAsync(new Uri("/api/engine/reminders/scan", UriKind.Relative), null);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The node died under the request: its outcome is unknown, so the ledger claims nothing.
                Interlocked.Increment(ref ledger.Failures);
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task FileAsync(HttpClient node)
    {
        var businessKey = string.Format(CultureInfo.InvariantCulture, "T{0}-{1}", trial, Interlocked.Increment(ref _filed));
        using var response = await node.PostAsJsonAsync(new Uri("/api/engine/process-instances", UriKind.Relative),
            new { definitionKey = "trial-handling", businessKey });
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            var id = (string)body!["id"]!;
            ledger.StartedInstances[id] = businessKey;
        }
    }

    private async Task CompleteOneAsync(HttpClient node)
    {
        var tasks = await node.GetFromJsonAsync<JsonArray>(new Uri("/api/engine/tasks?candidateGroup=office", UriKind.Relative));
        if (tasks is null || tasks.Count == 0)
        {
            return;
        }
        JsonNode task;
        lock (random)
        {
            task = tasks[random.Next(tasks.Count)]!;
        }
        var id = (string)task["id"]!;
        var instance = (string)task["processInstanceId"]!;
        var activity = (string)task["activityId"]!;
        using var claim = await node.PostAsJsonAsync(new Uri($"/api/engine/tasks/{id}/claim", UriKind.Relative), new { userId = "trial-office" });
        if (!claim.IsSuccessStatusCode)
        {
            return; // another worker got there first (409) or it is gone (404)
        }
        using var complete = await node.PostAsJsonAsync(new Uri($"/api/engine/tasks/{id}/complete", UriKind.Relative),
            new { userId = "trial-office", variables = new { opinion = "同意" } });
        if (complete.IsSuccessStatusCode)
        {
            ledger.CompletedTasks[id] = instance;
            if (activity == "approve")
            {
                ledger.Approved[instance] = activity;
            }
        }
    }

    private async Task AcknowledgeAsync(HttpClient node)
    {
        var waiting = ledger.Approved.Keys.Where(i => !ledger.Acked.ContainsKey(i)).ToList();
        if (waiting.Count == 0)
        {
            return;
        }
        string instance;
        lock (random)
        {
            instance = waiting[random.Next(waiting.Count)];
        }
        using var response = await node.PostAsJsonAsync(new Uri("/api/engine/messages", UriKind.Relative),
            new { messageName = "trial-ack", processInstanceId = instance });
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            if ((int?)body?["correlated"] > 0)
            {
                ledger.Acked[instance] = true;
            }
        }
        else if (response.StatusCode != HttpStatusCode.NotFound)
        {
            Interlocked.Increment(ref ledger.Failures);
        }
    }
}

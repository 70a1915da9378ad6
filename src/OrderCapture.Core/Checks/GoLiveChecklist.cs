using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Checks;

/// <summary>One line of the go-live checklist: ok, or the problem and what to do.</summary>
public sealed record ChecklistItem(string Check, bool Ok, string Detail);

/// <summary>
/// <c>ordercapture doctor</c>: the configured settings checked end to end before go-live — the
/// store, the IMPEX share (write, flush, rename, removed again), the OCI token, availability for
/// the location graph and where each site's places sit in it, availability for every list the cache follows, a full export and a delta call from its token. Writes nothing at OCI:
/// no reservation, no release. Every check runs even when an earlier one failed, so one run shows
/// everything to fix.
/// </summary>
public sealed class GoLiveChecklist(
    IConnectivityLog store,
    IImpexShare impex,
    IOciTokenSource tokens,
    IOciClient oci,
    SiteCatalog sites,
    IOptions<OrderCaptureOptions> siteOptions,
    IOptions<OciOptions> ociOptions,
    TimeProvider time)
{
    public async IAsyncEnumerable<ChecklistItem> RunAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = ociOptions.Value;
        yield return options.Mode == OciMode.Remote
            ? new ChecklistItem("OCI mode", true, $"Remote, {options.BaseUrl}")
            : new ChecklistItem("OCI mode", false, "Simulator: orders would be reserved against the in-process simulator. Set Oci:Mode=Remote and Oci:BaseUrl for go-live.");
        yield return await StoreAsync(cancellationToken).ConfigureAwait(false);
        yield return await ShareAsync(cancellationToken).ConfigureAwait(false);

        var token = await tokens.GetAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
        yield return token is OciResult<string>.Success
            ? new ChecklistItem("OCI token", true, $"obtained from {options.AccountManagerUrl ?? options.BaseUrl}; scopes asked: {OciScopes.For(options.Tenant)}")
            : new ChecklistItem("OCI token", false, $"{Describe(token)}. Check Oci:ClientId, Oci:ClientSecret, Oci:AccountManagerUrl and that the API client has the scopes {OciScopes.For(options.Tenant)}.");
        if (token is OciResult<string>.Success && tokens.GrantedScopes is { } granted)
        {
            foreach (var (needed, neededFor) in OciScopes.Needed)
            {
                yield return granted.Contains(needed)
                    ? new ChecklistItem($"scope {needed}", true, "granted")
                    : new ChecklistItem($"scope {needed}", false, $"not granted to the API client: needed for {neededFor}. Add it to the API client in Account Manager.");
            }
        }

        var graph = await oci.ExportLocationGraphAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var scope = new Places.PlaceScope(siteOptions.Value.Sites, graph is OciResult<Places.LocationGraph>.Success { Value: var read } ? read : Places.LocationGraph.Unknown);
        foreach (var item in LocationGraphChecks.Check(graph, scope, siteOptions.Value.Sites))
        {
            yield return item;
        }

        foreach (var list in scope.FollowedLists)
        {
            var availability = await oci.GetAvailabilityAsync(["ordercapture-doctor"], [list], cancellationToken).ConfigureAwait(false);
            yield return availability switch
            {
                OciResult<IReadOnlyList<AvailabilityRecord>>.Success => new ChecklistItem($"availability {list.Id}", true, $"{list.Type} {list.Id} answers get-availability"),
                OciResult<IReadOnlyList<AvailabilityRecord>>.Rejected { ErrorCode: "GroupDoesNotExist" or "LocationDoesNotExist" } r =>
                    new ChecklistItem($"availability {list.Id}", false, $"OCI says {r.ErrorCode}: check InventoryListId and PlaceType of the site selling from {list.Id}."),
                _ => new ChecklistItem($"availability {list.Id}", false, $"{Describe(availability)}."),
            };
        }

        string? deltaToken = null;
        long records = 0;
        var export = await oci.ExportAsync(sites.InventoryLists, (batch, _) =>
        {
            records += batch.Count;
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        if (export is OciResult<ExportResult>.Success { Value: var result })
        {
            deltaToken = result.DeltaToken;
            yield return new ChecklistItem("export", true, $"started, status read, file downloaded and verified: {records} records");
        }
        else
        {
            yield return new ChecklistItem("export", false, $"{Describe(export)}. The API client needs sfcc.inventory.impex-inventory.rw.");
        }

        if (deltaToken is null)
        {
            yield return new ChecklistItem("deltas", false, "not tried: no delta token without a completed export.");
        }
        else
        {
            var pages = 0;
            var deltas = await oci.GetDeltasAsync(deltaToken, (_, _) =>
            {
                pages++;
                return ValueTask.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            yield return deltas is OciResult<string>.Success
                ? new ChecklistItem("deltas", true, $"get-deltas answers from the export's token ({pages} page(s))")
                : new ChecklistItem("deltas", false, $"{Describe(deltas)}.");
        }
    }

    private async Task<ChecklistItem> StoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.LastTransitionAsync(cancellationToken).ConfigureAwait(false);
            return new ChecklistItem("store", true, "opened and migrated");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            return new ChecklistItem("store", false, $"cannot be read ({ex.GetType().Name}): check Storage:ConnectionString.");
        }
    }

    /// <summary>A probe file written the way reports are (temp, flush, rename, folder flush), then removed.</summary>
    private async Task<ChecklistItem> ShareAsync(CancellationToken cancellationToken)
    {
        var probe = $"doctor-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}.probe";
        try
        {
            await impex.WriteAsync(ImpexPath.Join(ImpexPath.Work, probe), "{\"probe\":true}", cancellationToken).ConfigureAwait(false);
            var listed = (await impex.ListAsync(ImpexPath.Work, cancellationToken).ConfigureAwait(false)).Any(f => f.Name == probe);
            await using (var read = await impex.OpenReadAsync(ImpexPath.Join(ImpexPath.Work, probe), cancellationToken).ConfigureAwait(false))
            {
                if (!listed || read is null)
                {
                    return new ChecklistItem("IMPEX share", false, $"{impex.Location}: a file written is not {(listed ? "readable" : "listed")} back — the share does not keep what it is given.");
                }
            }

            await impex.DeleteAsync(ImpexPath.Join(ImpexPath.Work, probe), cancellationToken).ConfigureAwait(false);
            return new ChecklistItem("IMPEX share", true, $"{impex.Location}: write (whole, then renamed), list, read and delete work");
        }
        catch (ImpexShareException ex)
        {
            return new ChecklistItem("IMPEX share", false, $"{impex.Location}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ChecklistItem("IMPEX share", false, $"{impex.Location}: {ex.GetType().Name}: {ex.Message} — check OrderCapture:ImpexRoot, the mount and the service account's rights.");
        }
    }

    private static string Describe<T>(OciResult<T> result) => result switch
    {
        OciResult<T>.Rejected r => $"OCI answered {r.StatusCode} {r.ErrorCode}",
        OciResult<T>.RateLimited l => $"OCI is rate limiting (retry after {l.RetryAfter.TotalSeconds:0} s)",
        OciResult<T>.Outage o => $"OCI cannot be reached: {o.Reason}",
        _ => "unexpected answer",
    };
}

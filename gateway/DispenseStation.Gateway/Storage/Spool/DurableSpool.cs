using System.Buffers.Binary;
using System.Text;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>
/// An append-only queue of writes the database refused, in a file whose space is allocated when the
/// gateway starts (so appending needs no new disk blocks: it works on the disk that just filled up).
/// Layout: 16-byte header ("DSSP", version 1, offset of the first record not yet replayed), then
/// records [int32 length][UTF-8 JSON], each followed by a zero length as the end mark. Every append
/// and every advance of the replay offset is flushed to the disk before it returns. A torn tail (a
/// record that does not parse) reads as the end. A crash between storing a replayed record and
/// advancing the offset replays that one record again.
/// </summary>
public sealed class DurableSpool : IDisposable
{
    private const int HeaderBytes = 16;
    private static readonly byte[] Magic = "DSSP"u8.ToArray();
    private readonly FileStream _file;
    private readonly object _lock = new();
    private long _consumed;
    private long _end;
    private int _pending;

    public DurableSpool(string path, long capacityBytes)
    {
        Path = path;
        var exists = File.Exists(path) && new FileInfo(path).Length >= HeaderBytes;
        _file = new FileStream(path, new FileStreamOptions
        {
            Mode = exists ? FileMode.Open : FileMode.Create, Access = FileAccess.ReadWrite, Share = FileShare.Read,
            PreallocationSize = exists ? 0 : capacityBytes, Options = FileOptions.WriteThrough,
        });
        if (_file.Length < capacityBytes) _file.SetLength(capacityBytes);
        Capacity = _file.Length;
        if (exists && ReadHeader() is { } consumed)
        {
            _consumed = consumed;
            _end = consumed;
            foreach (var (_, next) in Scan(consumed))
            {
                _end = next;
                _pending++;
            }
        }
        else
        {
            _consumed = _end = HeaderBytes;
            WriteAt(HeaderBytes, new byte[4]);
            WriteHeader(HeaderBytes);
        }
    }

    public string Path { get; }
    public long Capacity { get; }

    /// <summary>Records appended and not yet replayed.</summary>
    public int Pending
    {
        get { lock (_lock) return _pending; }
    }

    /// <summary>Bytes still free for appends.</summary>
    public long FreeBytes
    {
        get { lock (_lock) return Capacity - _end - 8; }
    }

    /// <summary>Appends one record; false when the spool's allocated space is used up.</summary>
    public bool TryAppend(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        lock (_lock)
        {
            var need = 4 + payload.Length + 4;
            if (_end + need > Capacity) return false;
            var buffer = new byte[need];
            BinaryPrimitives.WriteInt32LittleEndian(buffer, payload.Length);
            payload.CopyTo(buffer, 4);
            WriteAt(_end, buffer); // ends with the zero length of the next (absent) record
            _end += 4 + payload.Length;
            _pending++;
            return true;
        }
    }

    /// <summary>The records not yet replayed, oldest first, each with the offset that marks it replayed.</summary>
    public IReadOnlyList<(string Json, long Next)> PendingRecords()
    {
        lock (_lock) return Scan(_consumed).ToList();
    }

    /// <summary>Marks records up to <paramref name="next"/> replayed; when all are, the space is reused from the start.</summary>
    public void MarkReplayed(long next)
    {
        lock (_lock)
        {
            if (next <= _consumed || next > _end) return;
            _pending -= Scan(_consumed).TakeWhile(r => r.Next <= next).Count();
            _consumed = next;
            if (_consumed == _end)
            {
                // End mark at the start first: a crash before the header moves leaves the old end, still consistent.
                WriteAt(HeaderBytes, new byte[4]);
                _consumed = _end = HeaderBytes;
                _pending = 0;
            }
            WriteHeader(_consumed);
        }
    }

    private IEnumerable<(string Json, long Next)> Scan(long from)
    {
        var at = from;
        var lengthBytes = new byte[4];
        while (at + 4 <= Capacity)
        {
            ReadAt(at, lengthBytes);
            var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
            if (length <= 0 || at + 4 + length > Capacity) yield break;
            var payload = new byte[length];
            ReadAt(at + 4, payload);
            string json;
            try
            {
                json = Encoding.UTF8.GetString(payload);
                using var _ = System.Text.Json.JsonDocument.Parse(json);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
            {
                yield break; // a torn last record
            }
            at += 4 + length;
            yield return (json, at);
        }
    }

    private long? ReadHeader()
    {
        var header = new byte[HeaderBytes];
        ReadAt(0, header);
        if (!header.AsSpan(0, 4).SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)) != 1) return null;
        var consumed = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8));
        return consumed >= HeaderBytes && consumed < Capacity ? consumed : null;
    }

    private void WriteHeader(long consumed)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), consumed);
        WriteAt(0, header);
    }

    private void WriteAt(long offset, byte[] bytes)
    {
        _file.Position = offset;
        _file.Write(bytes);
        _file.Flush(flushToDisk: true);
    }

    private void ReadAt(long offset, byte[] into)
    {
        _file.Position = offset;
        _file.ReadExactly(into);
    }

    public void Dispose() => _file.Dispose();
}

using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Tests.Station.Fakes;

namespace DispenseStation.Firmware.Tests.Station;

public class DurableRecordStoreTests
{
    private static byte[] Payload(int n, byte seed) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + seed)).ToArray();

    private static byte[]? Load(DurableRecordStore store)
    {
        var buf = new byte[256];
        return store.TryLoad(buf, out int len) ? buf.Take(len).ToArray() : null;
    }

    [Fact]
    public void Empty_store_loads_nothing()
    {
        var store = new DurableRecordStore(new FaultyFileStore(), "progress", 256);
        Assert.Null(Load(store));
    }

    [Fact]
    public void Newest_record_wins_and_slots_alternate()
    {
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "progress", 256);
        for (byte i = 1; i <= 5; i++) store.Save(Payload(40 + i, i), 40 + i);

        var fresh = new DurableRecordStore(files, "progress", 256);
        Assert.Equal(Payload(45, 5), Load(fresh));
        Assert.Equal(5u, fresh.Sequence);
        Assert.Equal(new[] { "progress.a", "progress.b" }, files.Names.Order());
    }

    [Fact]
    public void A_write_torn_at_every_possible_byte_falls_back_to_the_previous_record()
    {
        var previous = Payload(100, 1);
        var next = Payload(120, 2);
        int frameLength = 12 + next.Length + 4;
        for (int cut = 0; cut < frameLength; cut++)
        {
            var files = new FaultyFileStore();
            var store = new DurableRecordStore(files, "p", 256);
            store.Save(Payload(80, 9), 80);
            store.Save(previous, previous.Length);

            files.TearNextWriteAfter(cut);
            Assert.Throws<PowerCutException>(() => store.Save(next, next.Length));

            // Reboot: power back, a new store instance over the same flash.
            files.PowerOn();
            var rebooted = new DurableRecordStore(files, "p", 256);
            Assert.Equal(previous, Load(rebooted));
            Assert.Equal(1, rebooted.CorruptSlotsSeen);

            // And the store keeps working after the torn write: the next save is the newest.
            rebooted.Save(next, next.Length);
            Assert.Equal(next, Load(new DurableRecordStore(files, "p", 256)));
        }
    }

    [Fact]
    public void A_torn_first_ever_write_loads_nothing_rather_than_garbage()
    {
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "p", 256);
        files.TearNextWriteAfter(20);
        Assert.Throws<PowerCutException>(() => store.Save(Payload(50, 3), 50));
        files.PowerOn();
        Assert.Null(Load(new DurableRecordStore(files, "p", 256)));
    }

    [Fact]
    public void Any_single_bit_flip_in_the_newest_slot_is_detected()
    {
        var older = Payload(30, 4);
        var newer = Payload(30, 5);
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "p", 256);
        store.Save(older, older.Length);
        store.Save(newer, newer.Length);
        var pristine = files.Raw("p.b")!.ToArray();
        for (int i = 0; i < pristine.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                files.Put("p.b", pristine);
                files.FlipBit("p.b", i, bit);
                var loaded = Load(new DurableRecordStore(files, "p", 256));
                Assert.Equal(older, loaded);
            }
        }
    }

    [Fact]
    public void Sequence_order_survives_wrap_around()
    {
        var files = new FaultyFileStore();
        // Two valid frames either side of the 32-bit wrap: sequence 0 follows uint.MaxValue.
        files.Put("p.a", Frame(uint.MaxValue, Payload(10, 1)));
        files.Put("p.b", Frame(0, Payload(10, 2)));
        Assert.Equal(Payload(10, 2), Load(new DurableRecordStore(files, "p", 256)));
    }

    [Fact]
    public void Oversized_record_is_refused_and_nothing_is_written()
    {
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "p", 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Save(new byte[17], 17));
        Assert.Equal(0, files.Writes);
    }

    [Fact]
    public void A_payload_built_in_the_frame_saves_in_place_as_a_copied_one_does()
    {
        var copied = new FaultyFileStore();
        var inPlace = new FaultyFileStore();
        var a = new DurableRecordStore(copied, "recipe", 256);
        var b = new DurableRecordStore(inPlace, "recipe", 256);
        foreach (int n in new[] { 0, 1, 12, 13, 200, 256 })
        {
            var payload = Payload(n, (byte)n);
            a.Save(payload, n);
            Array.Copy(payload, b.Frame, n);
            b.SaveInPlace(n);
            Assert.Equal(copied.Read("recipe.a"), inPlace.Read("recipe.a"));
            Assert.Equal(copied.Read("recipe.b"), inPlace.Read("recipe.b"));
            Assert.Equal(payload, Load(new DurableRecordStore(inPlace, "recipe", 256)));
        }
    }

    [Fact]
    public void A_payload_in_the_frame_one_byte_over_the_limit_is_refused_and_nothing_is_written()
    {
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "p", 16, new byte[DurableRecordStore.FrameBytes(64)]);
        store.SaveInPlace(16);
        Assert.Equal(1, files.Writes);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.SaveInPlace(17));
        Assert.Equal(1, files.Writes);
    }

    [Fact]
    public void Clear_removes_both_slots()
    {
        var files = new FaultyFileStore();
        var store = new DurableRecordStore(files, "p", 64);
        store.Save(Payload(5, 1), 5);
        store.Save(Payload(5, 2), 5);
        store.Clear();
        Assert.Empty(files.Names);
        Assert.Null(Load(new DurableRecordStore(files, "p", 64)));
    }

    private static byte[] Frame(uint seq, byte[] payload)
    {
        var frame = new byte[12 + payload.Length + 4];
        BitConverter.GetBytes(0x31525344u).CopyTo(frame, 0);
        BitConverter.GetBytes(seq).CopyTo(frame, 4);
        BitConverter.GetBytes((uint)payload.Length).CopyTo(frame, 8);
        payload.CopyTo(frame, 12);
        BitConverter.GetBytes(Crc32.Compute(frame, 0, 12 + payload.Length)).CopyTo(frame, 12 + payload.Length);
        return frame;
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        var data = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Byte_codec_round_trips_and_flags_short_records()
    {
        var buf = new byte[128];
        var w = new ByteWriter(buf);
        w.WriteInt32(-5); w.WriteInt64(long.MinValue + 3); w.WriteDouble(12.3456); w.WriteString("bätch-1");
        w.WriteString(null!); w.WriteBool(true); w.WriteBytes(new byte[] { 1, 2, 3 }, 0, 3);
        var r = new ByteReader(buf, 0, w.Length);
        Assert.Equal(-5, r.ReadInt32());
        Assert.Equal(long.MinValue + 3, r.ReadInt64());
        Assert.Equal(12.3456, r.ReadDouble());
        Assert.Equal("bätch-1", r.ReadString());
        Assert.Null(r.ReadString());
        Assert.True(r.ReadBool());
        var blob = new byte[8];
        Assert.Equal(3, r.ReadBytes(blob));
        Assert.False(r.Failed);

        var shortReader = new ByteReader(buf, 0, 10);
        shortReader.ReadInt32(); shortReader.ReadInt64();
        Assert.True(shortReader.Failed);
    }
}

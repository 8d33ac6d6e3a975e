Attribute VB_Name = "CareersSheets"
' Careers Plan add-in: finding your way around a careers strategic-plan workbook.
'
' A plan sheet has a title, a Compass line, then a two-row header: a row of merged
' period labels ("Action Period 1 (Autumn terms 1 and 2)" ...) and a row of column
' names: Objective | Action, Lead, Progress, End point, Impact/ Evidence, RAG,
' Evidence list | the same again for period 2 and period 3. The sheet is read the way
' careers-xl reads it (careers_xl/reader.py): column names are matched forgiving case,
' spacing, punctuation and small typos ("Lead(s)", "R.A.G", "Evidance list"); a period
' starts under each period label, or at each "Action" column. The other buttons use these
' helpers, so they work even when a school has added, moved or renamed columns.
'
' This code was written for careers-xl (https://pypi.org/project/careers-xl/).
Option Explicit

' How far down a sheet we look for the row of column names.
Public Const HEADER_SEARCH_ROWS As Long = 30
' Sheets the add-in or careers-xl writes: never read as plan sheets, though their
' headings (Objective, Action, RAG ...) look like one.
Public Const HISTORY_SHEET As String = "History"
Public Const COMPASS_HISTORY_SHEET As String = "Compass History"
Public Const CHECK_SHEET As String = "Check results"
' The columns of one action, in careers-xl's order.
Public Const PERIOD_ROLES As String = "|action|lead|progress|end_point|impact|rag|evidence|"
Private Const MAX_PERIODS As Long = 12

' Answers given in advance (AnswerPromptsYes): the add-in then asks nothing.
Private answerYes As Boolean

' The layout of the last sheet looked at (LoadLayout), so it is worked out once.
Private layKey As String
Private layHeaderRow As Long
Private layWidth As Long
Private layPeriods As Long
Private layObjectiveCol As Long
Private layBenchmarkCol As Long
Private layRoleCol() As Long     ' (period, role number) -> column, 0 if none
Private layCarriedCol() As Long  ' period -> its "Carried forward" column, 0 if none
Private layColPeriod() As Long   ' column -> period it belongs to (0: the whole row)
Private layColNotes() As Boolean ' column -> True for a row-wide column of the user's (Notes...)
Private layPeriodFirst() As Long ' period -> its first column

' --- questions ---------------------------------------------------------------------------

' Answer Yes to every question the add-in would ask (Roll over's "Are you sure?"), or stop
' doing so. For tests and for running the buttons' macros unattended.
Public Sub AnswerPromptsYes(Optional ByVal yes As Boolean = True)
    answerYes = yes
End Sub

' Ask a Yes/No question; True for Yes (always, after AnswerPromptsYes).
Public Function Confirmed(ByVal question As String, ByVal title As String) As Boolean
    If answerYes Then
        Confirmed = True
    Else
        Confirmed = (MsgBox(question, vbYesNo + vbQuestion, title) = vbYes)
    End If
End Function

' Show a message, unless questions are being answered in advance (nobody is there to read it).
Public Sub Tell(ByVal message As String, ByVal style As Long, ByVal title As String)
    If Not answerYes Then MsgBox message, style, title
End Sub

' --- workbooks, sheets and cells ---------------------------------------------------------

' The workbook a command works on: the one given, else the workbook you are looking at.
' (In the add-in, ThisWorkbook is the add-in itself, so it is only the last resort.)
Public Function PlanBook(Optional ByVal wb As Variant) As Object
    If Not IsMissing(wb) Then
        If IsObject(wb) Then
            If Not wb Is Nothing Then
                Set PlanBook = wb
                Exit Function
            End If
        End If
    End If
    On Error Resume Next
    Set PlanBook = ActiveWorkbook
    On Error GoTo 0
    If PlanBook Is Nothing Then Set PlanBook = ThisWorkbook
End Function

' The sheet called name (any capitals), or Nothing.
Public Function FindSheet(ByVal book As Object, ByVal sheetName As String) As Object
    Dim ws As Object
    For Each ws In book.Worksheets
        If LCase$(ws.Name) = LCase$(sheetName) Then
            Set FindSheet = ws
            Exit Function
        End If
    Next ws
    Set FindSheet = Nothing
End Function

' A cell's value as text without surrounding spaces; error values (#N/A ...) count as empty.
Public Function CellText(ByVal cell As Object) As String
    Dim v As Variant
    v = cell.Value
    If IsError(v) Or IsEmpty(v) Or IsNull(v) Then
        CellText = ""
    Else
        CellText = Stripped(CStr(v))
    End If
End Function

' The last row and column anything is typed in.
Public Function LastUsedRow(ByVal ws As Object) As Long
    LastUsedRow = ws.UsedRange.Row + ws.UsedRange.Rows.Count - 1
End Function

Public Function LastUsedColumn(ByVal ws As Object) As Long
    LastUsedColumn = ws.UsedRange.Column + ws.UsedRange.Columns.Count - 1
End Function

' Which column a heading names ("action", "lead", "progress", "end_point", "impact", "rag",
' "evidence", "objective", "benchmark"), or "" for anything else. Small typos are forgiven
' the way careers-xl forgives them (difflib's close matches, 85% alike, five letters up).
Public Function ColumnRole(ByVal header As String) As String
    Dim key As String, table As String, entries As Variant, i As Long, at As Long
    Dim candidate As String, score As Double, best As Double, bestKey As String
    Dim shorter As Long
    key = Normalise(header)
    ColumnRole = ""
    If key = "" Then Exit Function
    table = HeaderFields()
    ColumnRole = TableValue(table, key)
    If ColumnRole <> "" Or Len(key) < 5 Then Exit Function
    entries = Split(Mid$(table, 2, Len(table) - 2), "|")
    For i = LBound(entries) To UBound(entries)
        at = InStr(1, entries(i), "=")
        candidate = Left$(entries(i), at - 1)
        shorter = Len(candidate)
        If Len(key) < shorter Then shorter = Len(key)
        If 2 * shorter >= 0.85 * (Len(candidate) + Len(key)) Then  ' difflib's quick bound
            score = Likeness(candidate, key)
            If score >= 0.85 And (score > best Or (score = best And candidate > bestKey)) Then
                best = score
                bestKey = candidate
            End If
        End If
    Next i
    If bestKey <> "" Then ColumnRole = TableValue(table, bestKey)
End Function

' The action period (1 Autumn, 2 Spring, 3 Summer) a period label names, or 0:
' "Action Period 2", "Term 3", "AP1", else the first of autumn/spring/summer it mentions.
Public Function PeriodOfLabel(ByVal label As String) As Long
    Dim low As String, i As Long, j As Long, words As Variant, w As Long, found As Boolean
    low = LCase$(label)
    words = Array("action", "period", "term", "ap")
    For i = 1 To Len(low)
        If Not IsWordAt(low, i - 1) Then
            For w = 0 To 3
                found = False
                If Mid$(low, i, Len(words(w))) = words(w) Then
                    j = i + Len(words(w))
                    found = True
                    If w = 0 Then  ' "action\s*period"
                        Do While IsSpaceChar(Mid$(low, j, 1))
                            j = j + 1
                        Loop
                        found = (Mid$(low, j, 6) = "period")
                        j = j + 6
                    End If
                End If
                If found Then
                    Do While IsSpaceChar(Mid$(low, j, 1))
                        j = j + 1
                    Loop
                    If IsDigitAt(low, j) And Not IsWordAt(low, j + 1) Then
                        PeriodOfLabel = 0
                        If Mid$(low, j, 1) >= "1" And Mid$(low, j, 1) <= "3" Then
                            PeriodOfLabel = CLng(Mid$(low, j, 1))
                            Exit Function
                        End If
                        GoTo Seasons
                    End If
                End If
            Next w
        End If
    Next i
Seasons:
    PeriodOfLabel = 0
    If InStr(1, low, "autumn") > 0 Then
        PeriodOfLabel = 1
    ElseIf InStr(1, low, "spring") > 0 Then
        PeriodOfLabel = 2
    ElseIf InStr(1, low, "summer") > 0 Then
        PeriodOfLabel = 3
    End If
End Function

' --- the layout of a plan sheet -------------------------------------------------------------

' Forget the layouts worked out so far (the sheets may have changed since).
Public Sub ForgetLayouts()
    layKey = ""
End Sub

' Work out (once) where things are on ws. False if ws is not a plan sheet: the row of
' column names is the first of the top 30 naming an Action column and two more, with a
' RAG column or period labels above it; careers-xl's own sheets never count.
Public Function LoadLayout(ByVal ws As Object) As Boolean
    Dim key As String, r As Long, c As Long, lastRow As Long
    Dim roles As String, role As String, known As Long, hasRag As Boolean
    key = ws.Parent.Name & "|" & ws.Name
    If key = layKey Then
        LoadLayout = (layHeaderRow > 0)
        Exit Function
    End If
    layKey = key
    layHeaderRow = 0
    LoadLayout = False
    Select Case LCase$(ws.Name)
        Case LCase$(HISTORY_SHEET), LCase$(COMPASS_HISTORY_SHEET), LCase$(CHECK_SHEET)
            Exit Function
    End Select
    If IsGeneratedSheet(ws) Then Exit Function
    layWidth = LastUsedColumn(ws)
    lastRow = LastUsedRow(ws)
    If lastRow > HEADER_SEARCH_ROWS Then lastRow = HEADER_SEARCH_ROWS
    For r = 1 To lastRow
        roles = "|"
        known = 0
        For c = 1 To layWidth
            If VarType(ws.Cells(r, c).Value) = vbString Then
                role = ColumnRole(CellText(ws.Cells(r, c)))
                If role <> "" And Not InList(roles, role) Then
                    roles = roles & role & "|"
                    known = known + 1
                End If
            End If
        Next c
        If InList(roles, "action") And known >= 3 Then
            hasRag = InList(roles, "rag")
            If Not hasRag And r > 1 Then
                For c = 1 To layWidth
                    If PeriodOfLabel(LabelAbove(ws, r, c)) > 0 Then hasRag = True
                Next c
            End If
            If hasRag Then
                MapColumns ws, r
                LoadLayout = True
                Exit Function
            End If
        End If
    Next r
End Function

' A Dashboard or Lists sheet careers-xl wrote itself.
Private Function IsGeneratedSheet(ByVal ws As Object) As Boolean
    Dim baseName As String, first As String
    baseName = Replace(ws.Name, " (careers-xl)", "")
    first = CellText(ws.Cells(1, 1))
    IsGeneratedSheet = (baseName = "Dashboard" And Left$(first, 14) = "Plan dashboard") Or _
                       (baseName = "Lists" And Left$(first, 3) = "RAG")
End Function

' The period label over column c of the header row r (a merged label counts for every
' column it spans), or "".
Private Function LabelAbove(ByVal ws As Object, ByVal r As Long, ByVal c As Long) As String
    Dim cell As Object
    LabelAbove = ""
    If r <= 1 Then Exit Function
    Set cell = ws.Cells(r - 1, c)
    If cell.MergeCells Then
        If cell.MergeArea.Row = r - 1 Then Set cell = cell.MergeArea.Cells(1, 1)
    End If
    If VarType(cell.Value) = vbString Then LabelAbove = CellText(cell)
End Function

' Map every column of the table under header row r (careers-xl's rules, reader.py).
Private Sub MapColumns(ByVal ws As Object, ByVal r As Long)
    Dim c As Long, p As Long, role As String, labelled As Long, used As String
    Dim n As Long, lastField As Long, newPeriod As Boolean
    layHeaderRow = r
    layPeriods = 0
    layObjectiveCol = 0
    layBenchmarkCol = 0
    ReDim layRoleCol(1 To MAX_PERIODS, 1 To 7)
    ReDim layCarriedCol(1 To MAX_PERIODS)
    ReDim layPeriodFirst(1 To MAX_PERIODS)
    ReDim layColPeriod(1 To layWidth + 1)
    ReDim layColNotes(1 To layWidth + 1)
    used = "|"
    p = 0
    For c = 1 To layWidth
        role = ""
        If VarType(ws.Cells(r, c).Value) = vbString Then role = ColumnRole(CellText(ws.Cells(r, c)))
        labelled = 0
        If role <> "objective" And role <> "benchmark" Then labelled = PeriodOfLabel(LabelAbove(ws, r, c))
        If labelled > 0 And InList(used, CStr(labelled)) Then labelled = 0
        newPeriod = (labelled > 0)
        If role = "action" And p = 0 Then newPeriod = True
        If role = "action" And p > 0 Then
            If layRoleCol(p, 1) > 0 Then newPeriod = True
        End If
        If newPeriod Then
            If labelled > 0 Then p = labelled Else p = p + 1
            Do While InList(used, CStr(p))
                p = p + 1
            Loop
            If p > MAX_PERIODS Then p = MAX_PERIODS
            used = used & CStr(p) & "|"
            layPeriodFirst(p) = c
            If p > layPeriods Then layPeriods = p
        End If
        n = RoleNumber(role)
        If p = 0 And role = "objective" Then
            layObjectiveCol = c
        ElseIf p = 0 And role = "benchmark" Then
            layBenchmarkCol = c
        ElseIf p > 0 And n > 0 Then
            If layRoleCol(p, n) = 0 Then layRoleCol(p, n) = c
        End If
        layColPeriod(c) = p
        layColNotes(c) = (p = 0 And role <> "objective" And role <> "benchmark")
        If p > 0 And Stripped(CellText(ws.Cells(r, c))) = CARRIED_NOTE_COLUMN And n = 0 Then
            If layCarriedCol(p) = 0 Then layCarriedCol(p) = c
        End If
    Next c
    ' Extra columns right of the last period's own columns belong to the whole row, unless
    ' that period's label spans them.
    If layPeriods > 0 Then
        lastField = 0
        For n = 1 To 7
            If layRoleCol(layPeriods, n) > lastField Then lastField = layRoleCol(layPeriods, n)
        Next n
        For c = lastField + 1 To layWidth
            If layColPeriod(c) = layPeriods And PeriodOfLabel(LabelAbove(ws, r, c)) <> layPeriods Then
                layColPeriod(c) = 0
                layColNotes(c) = True
                If layCarriedCol(layPeriods) = c Then layCarriedCol(layPeriods) = 0
            End If
        Next c
    End If
End Sub

' The number (1-7) of an action's column role in PERIOD_ROLES, or 0.
Private Function RoleNumber(ByVal role As String) As Long
    Dim at As Long
    RoleNumber = 0
    If role = "" Then Exit Function
    at = InStr(1, PERIOD_ROLES, "|" & role & "|")
    If at = 0 Then Exit Function
    RoleNumber = UBound(Split(Left$(PERIOD_ROLES, at), "|"))
End Function

' The row of column names (Objective, Action, ..., RAG), or 0 if ws is not a plan sheet.
Public Function FindHeaderRow(ByVal ws As Object) As Long
    If LoadLayout(ws) Then FindHeaderRow = layHeaderRow Else FindHeaderRow = 0
End Function

' The Objective or Benchmark column (left of the first period), or 0.
Public Function SheetColumn(ByVal ws As Object, ByVal headerRow As Long, _
                            ByVal role As String) As Long
    SheetColumn = 0
    If Not LoadLayout(ws) Then Exit Function
    If role = "objective" Then SheetColumn = layObjectiveCol
    If role = "benchmark" Then SheetColumn = layBenchmarkCol
End Function

' How many action periods the sheet has (the highest period number).
Public Function PeriodCount(ByVal ws As Object, ByVal headerRow As Long) As Long
    PeriodCount = 0
    If LoadLayout(ws) Then PeriodCount = layPeriods
End Function

' The first column of action period p, or 0.
Public Function PeriodStart(ByVal ws As Object, ByVal headerRow As Long, _
                            ByVal p As Long) As Long
    PeriodStart = 0
    If Not LoadLayout(ws) Or p < 1 Or p > layPeriods Then Exit Function
    PeriodStart = layPeriodFirst(p)
End Function

' The action period a column belongs to, or 0 (the Objective column, row-wide extras).
Public Function PeriodOfColumn(ByVal ws As Object, ByVal headerRow As Long, _
                               ByVal col As Long) As Long
    PeriodOfColumn = 0
    If Not LoadLayout(ws) Or col < 1 Or col > layWidth Then Exit Function
    PeriodOfColumn = layColPeriod(col)
End Function

' The column of a given role in action period p ("rag", "lead", "end_point" ...), or 0.
Public Function RoleColumn(ByVal ws As Object, ByVal headerRow As Long, _
                           ByVal p As Long, ByVal role As String) As Long
    RoleColumn = 0
    If Not LoadLayout(ws) Or p < 1 Or p > layPeriods Then Exit Function
    If role = "carried" Then
        RoleColumn = layCarriedCol(p)
    ElseIf RoleNumber(role) > 0 Then
        RoleColumn = layRoleCol(p, RoleNumber(role))
    End If
End Function

' True if period p of row r has anything in it (its own columns or its extra columns).
Public Function PeriodHasDetails(ByVal ws As Object, ByVal p As Long, ByVal r As Long) As Boolean
    Dim c As Long
    PeriodHasDetails = False
    If Not LoadLayout(ws) Then Exit Function
    For c = 1 To layWidth
        If layColPeriod(c) = p Then
            If CellText(ws.Cells(r, c)) <> "" Then
                PeriodHasDetails = True
                Exit Function
            End If
        End If
    Next c
End Function

' True if row r has something in a row-wide column of the user's own (Notes, Cost ...).
Public Function RowHasNotes(ByVal ws As Object, ByVal r As Long) As Boolean
    Dim c As Long
    RowHasNotes = False
    If Not LoadLayout(ws) Then Exit Function
    For c = 1 To layWidth
        If layColNotes(c) Then
            If CellText(ws.Cells(r, c)) <> "" Then
                RowHasNotes = True
                Exit Function
            End If
        End If
    Next c
End Function

' True if row r of a plan sheet has nothing typed in it.
Public Function RowIsEmpty(ByVal ws As Object, ByVal r As Long) As Boolean
    Dim c As Long
    RowIsEmpty = True
    For c = 1 To LastUsedColumn(ws)
        If CellText(ws.Cells(r, c)) <> "" Then
            RowIsEmpty = False
            Exit Function
        End If
    Next c
End Function

' The objective of a row; a blank cell inside a merged block reads the merged value,
' and a blank unmerged cell takes the objective of the row above (actions listed under it).
Public Function ObjectiveText(ByVal ws As Object, ByVal headerRow As Long, _
                              ByVal r As Long) As String
    Dim col As Long, row As Long
    col = SheetColumn(ws, headerRow, "objective")
    ObjectiveText = ""
    If col = 0 Then Exit Function
    For row = r To headerRow + 1 Step -1
        ObjectiveText = CellText(ws.Cells(row, col).MergeArea.Cells(1, 1))
        If ObjectiveText <> "" Then Exit Function
    Next row
End Function
